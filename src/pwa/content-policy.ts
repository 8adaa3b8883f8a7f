// The page's Content-Security-Policy, in one place for every way the app is served: the <meta> in index.html
// (checked equal by a unit test), vite dev/preview, nginx.conf (checked by the same test) and the service
// worker, which adds it on static hosts that send no headers.
//
// No 'unsafe-eval': vega (under tfjs-vis's charts) compiles every expression with `Function(...)` by default;
// vite.config.ts points tfjs-vis's vega-embed at src/ui/report/vega-embed-csp.ts, which makes vega parse to an
// expression tree and run it with vega-interpreter instead (tests/e2e/names-headers.spec.ts draws every chart
// under this policy and sees no violation). 'wasm-unsafe-eval' lets the WASM backend compile its binaries.

/** The policy as the <meta> tag carries it (a meta policy cannot hold frame-ancestors). */
export const PAGE_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self' data: blob:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'";

/** Security headers of every response: the policy plus frame protection (frame-ancestors works only as a header). */
export const SECURITY_HEADERS: Readonly<Record<'Content-Security-Policy' | 'X-Frame-Options', string>> = {
  'Content-Security-Policy': `${PAGE_POLICY}; frame-ancestors 'none'`,
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
};
