import type { Clock } from "../../src/domain/shared/deps.js";

/** The only fake in the suite: time, set and advanced by the test. */
export class FakeClock implements Clock {
  constructor(private t = Date.UTC(2026, 5, 19, 9, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}
