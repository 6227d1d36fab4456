// GET /api/v1/orders/export: the order list with the list's own filters, as an Excel workbook or CSV.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { EXPORT_CAP, exportRows, renderCsv, renderXlsx, type ExportFormat } from './orders.export';
import { ListQuery } from './orders.schemas';

const split = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
const { page: _page, pageSize: _size, ...filters } = ListQuery.properties;
const ExportQuery = Type.Object({ format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { description: 'xlsx (Excel) or csv (UTF-8 with BOM)' }), ...filters });

export async function ordersExportRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/orders/export', {
    schema: {
      tags: ['orders'], summary: `Export the orders in your scope with the list's filters (at most ${EXPORT_CAP} rows; phone search is audited)`, querystring: ExportQuery,
      response: { 200: Type.String({ description: 'the file' }), ...problemResponses() },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const { format, ...q } = req.query as Record<string, never> & { format: ExportFormat; status?: string; warning?: string };
    const rows = await exportRows(s.db, user, { ...q, status: split(q.status), warning: split(q.warning) }, s.clock.now(), s.config.timezone);
    const stamp = s.clock.now().toISOString().slice(0, 10).replaceAll('-', '');
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="orders-${stamp}.csv"`).send(renderCsv(rows));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="orders-${stamp}.xlsx"`).send(await renderXlsx(rows));
  });
}
