// Pure geometry and address matching for jurisdictions (no database access).
export * from './types';
export * from './geometry';
export * from './random';
export * from './locate';
export {
  buildGazetteer,
  normalizeAddress,
  stripUnitSuffix,
  type AddressMatch,
  type Gazetteer,
  type GazetteerUnit,
  type LearnedTerm,
} from './address-match';
export { addressParts, buildStandardiser, type AddressParts, type StandardAddress, type Standardiser } from './standardise';
