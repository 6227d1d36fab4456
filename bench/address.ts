// `npm run bench -- address [--n 2000] [--seed 7]`: address standardisation on generated addresses with known answers
// (bench/lib/address-samples.ts). Prints one JSON line: precision and recall of the street and of the community,
// exact road+number and compound, and the mean time per address.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildGazetteer } from '../src/modules/geo';
import { buildStandardiser } from '../src/modules/geo/standardise';
import { addressSamples, demoGazetteerUnits } from './lib/address-samples';

export interface AddressFigures {
  n: number;
  streetPrecision: number;
  streetRecall: number;
  communityPrecision: number;
  communityRecall: number;
  roadNumberExact: number;
  compoundExact: number;
  usPerAddress: number;
}

export function measureAddresses(n: number, seed: number): AddressFigures {
  const units = demoGazetteerUnits();
  const s = buildStandardiser(buildGazetteer(units), units);
  const samples = addressSamples(n, seed);
  let sp = 0, sc = 0, cp = 0, cc = 0, cTotal = 0, road = 0, comp = 0, compTotal = 0;
  const t0 = performance.now();
  const results = samples.map((x) => s.standardise(x.text));
  const us = ((performance.now() - t0) * 1000) / n;
  samples.forEach((x, i) => {
    const r = results[i];
    if (r.streetId !== null) {
      sp++;
      if (r.streetId === x.streetId) sc++;
    }
    if (x.communityId !== null) cTotal++;
    if (r.communityId !== null) {
      cp++;
      if (r.communityId === x.communityId) cc++;
    }
    if (r.road === x.road && r.number === x.number) road++;
    if (x.compound) {
      compTotal++;
      if (r.compound === x.compound) comp++;
    }
  });
  const f = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 0);
  return {
    n, streetPrecision: f(sc, sp), streetRecall: f(sc, n), communityPrecision: f(cc, cp), communityRecall: f(cc, cTotal),
    roadNumberExact: f(road, n), compoundExact: f(comp, compTotal), usPerAddress: Math.round(us),
  };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { n: { type: 'string', default: '2000' }, seed: { type: 'string', default: '7' } } });
  const n = Number(values.n);
  const seed = Number(values.seed);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) {
    console.error('usage: npm run bench -- address [--n 2000] [--seed 7]');
    return 2;
  }
  console.log(JSON.stringify({ bench: 'address', seed, ...measureAddresses(n, seed) }));
  return 0;
}
