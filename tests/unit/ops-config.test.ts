import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';

describe('operations configuration', () => {
  it('has defaults for shutdown, supervision and limits, and no admin API', () => {
    const config = loadConfig({});
    expect(config.ADMIN_TOKEN).toBeUndefined();
    expect(config).toMatchObject({
      SHUTDOWN_GRACE: 8000,
      MEILI_RESTART_DELAY: 1000,
      MEILI_RESTART_MAX_DELAY: 30_000,
      MEILI_CRASH_LOOP_RESTARTS: 5,
      MEILI_CRASH_LOOP_WINDOW: 300_000,
      MEILI_HEALTH_INTERVAL: 5000,
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_WINDOW: 60_000,
      TRUST_PROXY: false,
      MAX_HEADER_BYTES: 16_384,
    });
  });

  it('reads durations with their unit', () => {
    const config = loadConfig({
      SHUTDOWN_GRACE: '30s',
      MEILI_CRASH_LOOP_WINDOW: '10m',
      MEILI_RESTART_DELAY: '250ms',
    });
    expect(config.SHUTDOWN_GRACE).toBe(30_000);
    expect(config.MEILI_CRASH_LOOP_WINDOW).toBe(600_000);
    expect(config.MEILI_RESTART_DELAY).toBe(250);
    expect(() => loadConfig({ SHUTDOWN_GRACE: '30' })).toThrow(
      /SHUTDOWN_GRACE = "30": must be a duration/,
    );
  });

  it('reads TRUST_PROXY as Express does: off, on, hops, or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('never prints a secret it refuses', () => {
    const attempt = () => loadConfig({ ADMIN_TOKEN: 'short-secret', MEILI_MASTER_KEY: 'tiny' });
    expect(attempt).toThrow(
      /ADMIN_TOKEN = "\(hidden, 12 characters\)": must be at least 32 characters/,
    );
    expect(attempt).toThrow(/MEILI_MASTER_KEY = "\(hidden, 4 characters\)"/);
    expect(attempt).not.toThrow(/short-secret|tiny/);
  });
});
