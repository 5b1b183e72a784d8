/**
 * The per-host schedule: each request takes its host's next slot when it
 * leaves; a pause moves the slot for every request to the host.
 */
import { describe, expect, it } from 'vitest';
import { HostSchedule, SlotAbortedError } from '../../../crawler/crawl/politeness.js';

/** Takes `count` slots of a host at once and returns when each was granted (ms after start). */
async function departures(schedule: HostSchedule, host: string, count: number): Promise<number[]> {
  const start = performance.now();
  return Promise.all(
    Array.from({ length: count }, () =>
      schedule.take(host).then((sent) => {
        sent();
        return Math.round(performance.now() - start);
      }),
    ),
  );
}

describe('HostSchedule', () => {
  it('lets requests to a host leave one delay apart, in the order they asked', async () => {
    const schedule = new HostSchedule(40);
    const times = await departures(schedule, 'a.example', 4);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(39);
    }
    schedule.close();
  });

  it('keeps hosts apart: another host does not wait for this one', async () => {
    const schedule = new HostSchedule(10_000);
    (await schedule.take('a.example'))();
    let other = false;
    await schedule.take('b.example').then((sent) => {
      sent();
      other = true;
    });
    expect(other).toBe(true);
    expect(schedule.nextSlot('a.example')).toBeGreaterThan(Date.now() + 9000);
    schedule.close();
  });

  it('never lets a Crawl-delay go below the configured delay, and applies it from the last departure', async () => {
    const schedule = new HostSchedule(100);
    schedule.setDelay('a.example', 30);
    expect(schedule.delayOf('a.example')).toBe(100);
    (await schedule.take('a.example'))();
    const sent = Date.now();
    schedule.setDelay('a.example', 5000);
    expect(schedule.delayOf('a.example')).toBe(5000);
    expect(schedule.nextSlot('a.example')).toBeGreaterThanOrEqual(sent + 4990);
    schedule.close();
  });

  it('moves the next slot of the host on a pause, for requests already waiting too', async () => {
    const schedule = new HostSchedule(30);
    (await schedule.take('a.example'))();
    const start = performance.now();
    const waiting = schedule.take('a.example').then(() => performance.now() - start);
    schedule.pause('a.example', 120);
    expect(await waiting).toBeGreaterThanOrEqual(119);
    schedule.close();
  });

  it('counts the gap from when a request was handed to the network, and lets one go at a time', async () => {
    const schedule = new HostSchedule(50);
    const sent = await schedule.take('a.example');
    let second: number | undefined;
    const start = performance.now();
    const waiting = schedule.take('a.example').then((done) => {
      second = performance.now() - start;
      done();
    });
    // The first request is slow to leave (a busy process): the second waits for it, then the gap.
    await new Promise((r) => setTimeout(r, 120));
    expect(second).toBeUndefined();
    sent();
    await waiting;
    expect(second).toBeGreaterThanOrEqual(120 + 49);
    schedule.close();
  });

  it('rejects waiting requests when the crawl stops, and takes no slot for them', async () => {
    const schedule = new HostSchedule(10_000);
    (await schedule.take('a.example'))();
    const controller = new AbortController();
    const waiting = schedule.take('a.example', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(SlotAbortedError);
    await expect(schedule.take('a.example', controller.signal)).rejects.toBeInstanceOf(
      SlotAbortedError,
    );
    const closed = schedule.take('a.example');
    schedule.close();
    await expect(closed).rejects.toBeInstanceOf(SlotAbortedError);
  });
});
