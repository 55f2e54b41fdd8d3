import { compensationBackoff } from './compensation.queue';

describe('the compensation retry schedule', () => {
  it('M2: doubles from the first delay and never waits longer than the cap, however many attempts', () => {
    const backoff = compensationBackoff({ COMPENSATION_BACKOFF_MS: 1_000, COMPENSATION_BACKOFF_MAX_MS: 60_000 });
    expect([1, 2, 3, 4, 5, 6, 7].map(backoff)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(backoff(500)).toBe(60_000);
  });
});
