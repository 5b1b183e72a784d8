/**
 * Security headers (helmet), set so that the widget and the API still work
 * from other sites: the widget's script and the API's answers are meant to be
 * loaded cross-origin, so Cross-Origin-Resource-Policy is "cross-origin"
 * (helmet's "same-origin" would stop a host page's <script src=".../widget.js">).
 * CORS itself (who may read the API) is the CORS module's concern.
 */
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    contentSecurityPolicy: {
      directives: {
        // Served over plain HTTP on a LAN or behind a TLS proxy alike: do not force https.
        upgradeInsecureRequests: null,
        // Our own pages may be framed by nobody; other sites embed the widget, not the page.
        frameAncestors: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
  });
}
