// Grid patrol strings, English.
import type { Parts } from '../zh';

export const grid: Record<keyof Parts['grid'], string> = {
  'nav.grid': 'Grid patrol',
  'grid.report': 'Report a patrol finding',
  'grid.title': 'What is wrong',
  'grid.description': 'Details',
  'grid.category': 'Category',
  'grid.address': 'Where',
  'grid.gps': 'Get GPS position',
  'grid.gpsFailed': 'Could not get the position; check the location permission',
  'grid.photo': 'Take / choose a photo',
  'grid.submit': 'Report',
  'grid.reported': 'Reported, order {number}',
  'grid.log': 'Patrol log {date}',
  'grid.logEmpty': 'No patrol reports today yet',
  'grid.photos': '{n} photo(s)',
  'grid.stats': 'Grid statistics this month',
  'grid.statReports': 'Reported',
  'grid.statDone': 'Finished',
  'grid.statOpen': 'In progress',
};
