/**
 * The pages a resident's browser sees at the simulator's authorize endpoint:
 * the DigiLocker-styled sign-in and consent page (mobile number, then Allow
 * or Deny), and the error page for a request it will not serve.
 *
 * Plain HTML forms, no script: the Content-Security-Policy allows nothing
 * but this page's own stylesheet (by hash) and form posts to itself, and to
 * the partner's callback, where the answer redirects (browsers check a
 * form's redirect against form-action too).
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../html';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#eef2f8;color:#1a1a1a}
header{background:#1f3b73;color:#fff;padding:14px 20px;display:flex;align-items:center;gap:10px}
header .logo{font-weight:700;font-size:20px;letter-spacing:.3px}
header .badge{background:#f5b400;color:#1a1a1a;border-radius:4px;font-size:12px;font-weight:700;padding:2px 6px}
main{max-width:440px;margin:28px auto;padding:0 16px}
.card{background:#fff;border-radius:10px;box-shadow:0 2px 10px rgba(0,0,0,.08);padding:24px}
h1{font-size:20px;margin:0 0 16px}
label{display:block;font-weight:600;margin-bottom:6px}
input[type=tel]{width:100%;padding:10px 12px;font-size:17px;border:1px solid #9aa7bd;border-radius:6px}
.hint{font-size:13px;color:#555;margin:10px 0 0}
.hint ul{margin:4px 0 0;padding-left:18px}
.error{background:#fdecee;color:#8a1020;border:1px solid #f3b7bf;border-radius:6px;padding:10px 12px;margin-bottom:14px}
.consent{margin:20px 0 8px;padding:14px;border-left:4px solid #1f3b73;background:#f4f7fc}
.consent ul{margin:8px 0 0;padding-left:18px}
.buttons{display:flex;flex-direction:row-reverse;gap:12px;margin-top:18px}
button{flex:1;padding:12px;font-size:16px;font-weight:600;border-radius:6px;cursor:pointer}
.allow{background:#1f3b73;color:#fff;border:1px solid #1f3b73}
.deny{background:#fff;color:#1f3b73;border:1px solid #1f3b73}
footer{text-align:center;font-size:12px;color:#666;margin:18px 0}
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export interface ConsentPage {
  /** The partner's name, as the resident should recognise it. */
  partner: string;
  formToken: string;
  /** What the mobile field holds (10 digits), or ''. */
  mobile: string;
  /** Why the last try did not sign in. */
  error?: string;
  /** The test residents who can sign in: their mobiles and names. */
  residents: Array<{ mobile: string; name: string }>;
}

export interface Page {
  html: string;
  /** The page's Content-Security-Policy header. */
  csp: string;
}

export function consentPage(page: ConsentPage, redirectUri: string): Page {
  const hints = page.residents.map((r) => `<li><code>${escapeHtml(r.mobile)}</code> ${escapeHtml(r.name)}</li>`).join('');
  const body = `
<form method="post" action="authorize" class="card" data-testid="digilocker-consent">
  <h1>Sign in to your account</h1>
  ${page.error ? `<p class="error" role="alert" data-testid="digilocker-error">${escapeHtml(page.error)}</p>` : ''}
  <input type="hidden" name="form_token" value="${escapeHtml(page.formToken)}">
  <label for="mobile">Mobile number</label>
  <input id="mobile" name="mobile" type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="16" required value="${escapeHtml(page.mobile)}" data-testid="digilocker-mobile">
  <div class="hint">Sandbox: no OTP is sent. Test residents with a DigiLocker account:<ul data-testid="digilocker-test-residents">${hints}</ul></div>
  <div class="consent">
    <strong>${escapeHtml(page.partner)}</strong> wants to access your Issued Documents and your profile
    <ul><li>Issued Documents: view and download</li><li>Profile: name, date of birth, gender</li></ul>
  </div>
  <!-- Allow comes first: Enter in the mobile field submits the first button. -->
  <div class="buttons">
    <button type="submit" name="decision" value="allow" class="allow" data-testid="digilocker-allow">Allow</button>
    <button type="submit" name="decision" value="deny" class="deny" formnovalidate data-testid="digilocker-deny">Deny</button>
  </div>
</form>`;
  return { html: layout('DigiLocker: sign in', body), csp: cspOf(formTargetOf(redirectUri)) };
}

/** A request the simulator refuses without sending the browser anywhere. */
export function errorPage(message: string): Page {
  const body = `<div class="card" data-testid="digilocker-request-error"><h1>This request cannot be served</h1><p class="error" role="alert">${escapeHtml(message)}</p><p class="hint">Go back to the service that sent you here and start again.</p></div>`;
  return { html: layout('DigiLocker: error', body), csp: cspOf(null) };
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><span class="logo">DigiLocker</span><span class="badge">SANDBOX</span></header>
<main>${body}
<footer>DigiLocker sandbox of jansetu: test residents only, not the real DigiLocker.</footer>
</main>
</body>
</html>`;
}

function cspOf(formTarget: string | null): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    `form-action 'self'${formTarget ? ` ${formTarget}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The callback as a CSP source: its origin, or its scheme for an app's custom scheme. */
function formTargetOf(redirectUri: string): string | null {
  try {
    const url = new URL(redirectUri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  } catch {
    return null;
  }
}
