-- Official holiday schedules (国务院办公厅 notices) that admins enter for years the calendar package does
-- not ship yet. Only years after the package's last one; the package stays authoritative for its years.
create table calendar_years (
  year        integer primary key,
  holidays    jsonb not null,           -- {"2027-01-01": "元旦", ...}: every statutory day off of that notice
  workdays    jsonb not null,           -- {"2027-02-20": "春节调休上班", ...}: every make-up working day
  source      text not null default '', -- the notice, e.g. 国办发明电〔2026〕7号
  entered_by  integer references users(id),
  entered_at  timestamptz not null default now()
);
