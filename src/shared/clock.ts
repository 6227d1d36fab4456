// One clock for the whole app; tests and the sweep read time from here so they can control it.
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Real time shifted so that it read `start` when created: a server started "on" a chosen date (tests, demos). */
export class OffsetClock implements Clock {
  private readonly offset: number;
  constructor(start: Date | string, realNow: () => number = Date.now) {
    this.offset = new Date(start).getTime() - realNow();
    this.realNow = realNow;
  }
  private readonly realNow: () => number;
  now(): Date {
    return new Date(this.realNow() + this.offset);
  }
}

/** The clock a server runs on: the system clock, or one started at config.clockStart. */
export function clockFor(clockStart: string | null): Clock {
  return clockStart ? new OffsetClock(clockStart) : systemClock;
}

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
