/**
 * Security headers for the editor and admin API (`/admin`), from helmet.
 *
 * The Content-Security-Policy is as tight as the Node-RED 5 editor allows,
 * checked in Chromium by test/admin/editor-csp.test.ts (the editor loads and
 * logs in with no CSP violation):
 * - script-src needs 'unsafe-inline': the editor page has an inline script,
 *   and each node type's editor definition arrives as HTML whose <script> jQuery
 *   inserts inline (the test fails without it). 'unsafe-eval' is kept although
 *   loading, login and a node's dialog run without it: Monaco's language
 *   workers and editor plugins are not covered by the test, and a worker's
 *   violation would not show on the page;
 * - style-src needs 'unsafe-inline': jQuery UI and the editor set inline styles;
 * - worker-src allows blob: for Monaco's web workers;
 * - connect-src 'self' covers the admin API and the comms WebSocket (same origin).
 * Everything else is same-origin only, and the editor may be framed only by
 * its own origin.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const ADMIN_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  // helmet adds upgrade-insecure-requests by default; a sandbox or intranet host on
  // plain HTTP would then fetch its own scripts over HTTPS and fail.
  upgradeInsecureRequests: null,
};

export function adminSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: ADMIN_CSP_DIRECTIVES },
    // X-Frame-Options for browsers without frame-ancestors.
    xFrameOptions: { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS belongs to whoever terminates TLS for the whole site; from /admin alone
    // (and over the sandbox's plain HTTP) it would be partial or ignored.
    strictTransportSecurity: false,
  });
}
