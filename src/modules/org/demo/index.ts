// Demo organisation data (福州市鼓楼区 model) and demo dispatch defaults.
export * from './district';
export * from './handler-rules';
export { loadDivision, type Division, type DivisionStreet, type DivisionVillage } from './division';
export { CITY_DEPARTMENTS, COMPANIES, DISTRICT_DEPARTMENTS, type OrgSeed } from './departments';
export { DISTRICT_RECT, STREET_DEMO } from './streets';
