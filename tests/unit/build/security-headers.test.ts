// One CSP everywhere the app is served: index.html's <meta>, vite dev/preview, nginx.conf and the service worker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_POLICY, SECURITY_HEADERS } from '../../../src/pwa/content-policy';
import config from '../../../vite.config';

const CSP = SECURITY_HEADERS['Content-Security-Policy'];

describe('security headers', () => {
  it('index.html carries the same policy as its <meta>, and the header adds frame-ancestors', () => {
    const html = readFileSync('index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(PAGE_POLICY);
    expect(CSP).toBe(`${PAGE_POLICY}; frame-ancestors 'none'`);
    expect(SECURITY_HEADERS['X-Frame-Options']).toBe('DENY');
  });

  it('vite dev and preview send the CSP, frame protection and isolation', () => {
    for (const headers of [config.server?.headers, config.preview?.headers]) {
      expect(headers).toMatchObject({ ...SECURITY_HEADERS, 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    }
  });

  it('nginx.conf sends the same policy from every block that sets headers', () => {
    const conf = readFileSync('nginx.conf', 'utf8');
    expect(/set \$csp "([^"]+)";/.exec(conf)?.[1]).toBe(CSP);
    // The server block and each location with its own add_header (which drops the server's) repeat them all.
    const blocks = conf.split(/\n\s*location /).filter((b) => b.includes('add_header'));
    expect(blocks.length).toBe(4);
    for (const block of blocks) {
      expect(block).toContain('add_header Content-Security-Policy $csp always;');
      expect(block).toContain('add_header X-Frame-Options "DENY" always;');
      expect(block).toContain('add_header Cross-Origin-Embedder-Policy "require-corp" always;');
    }
  });
});
