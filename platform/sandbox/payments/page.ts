/**
 * The simulated gateway's hosted payment page: what the link is for and how much, a UPI QR
 * and "open in a UPI app" link (the intent link), and the sandbox's three outcomes: pay,
 * have the bank decline, or leave. Plain forms, no script.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../../html';
import { rupees } from '../../payments/upi';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#f2f4f8;color:#1a1a1a}
header{background:#0c2451;color:#fff;padding:14px 20px;display:flex;align-items:center;gap:10px}
header .logo{font-weight:700;font-size:19px}
header .badge{background:#f5b400;color:#1a1a1a;border-radius:4px;font-size:12px;font-weight:700;padding:2px 6px}
main{max-width:440px;margin:28px auto;padding:0 16px}
.card{background:#fff;border-radius:10px;box-shadow:0 2px 10px rgba(0,0,0,.08);padding:24px}
h1{font-size:20px;margin:0 0 6px}
.amount{font-size:30px;font-weight:700;margin:14px 0}
.muted{color:#555;font-size:14px}
.upi{display:block;text-align:center;margin:16px 0;padding:12px;border:1px dashed #0c2451;border-radius:6px;color:#0c2451;font-weight:600;text-decoration:none;word-break:break-all}
form{display:flex;flex-direction:column;gap:10px;margin-top:18px}
button{padding:12px;font-size:16px;font-weight:600;border-radius:6px;cursor:pointer;border:1px solid #0c2451}
.pay{background:#0c2451;color:#fff}
.fail{background:#fff;color:#8a1020;border-color:#8a1020}
.leave{background:#fff;color:#0c2451}
footer{text-align:center;font-size:12px;color:#666;margin:18px 0}
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export interface Page {
  html: string;
  csp: string;
}

export function gatewayPage(view: { link: { id: string; amount: number; description: string; reference_id: string; expire_by: number | null; customer: { name?: string } }; upi: string }): Page {
  const { link } = view;
  const expires = link.expire_by ? new Date(link.expire_by * 1000).toLocaleString('en-IN', { timeZone: 'Asia/Kolkata', dateStyle: 'medium', timeStyle: 'short' }) : null;
  const body = `
<div class="card" data-testid="gateway-page">
  <h1 data-testid="gateway-description">${escapeHtml(link.description || 'Payment')}</h1>
  <div class="muted">Reference ${escapeHtml(link.reference_id)}${link.customer.name ? ` · ${escapeHtml(link.customer.name)}` : ''}</div>
  <div class="amount" data-testid="gateway-amount">${escapeHtml(rupees(link.amount))}</div>
  ${expires ? `<div class="muted">Pay by ${escapeHtml(expires)} IST</div>` : ''}
  <a class="upi" href="${escapeHtml(view.upi)}" data-testid="gateway-upi">Pay with any UPI app</a>
  <form method="post" action="${escapeHtml(link.id)}">
    <button type="submit" name="outcome" value="pay" class="pay" data-testid="gateway-pay">Pay ${escapeHtml(rupees(link.amount))} (sandbox: succeeds)</button>
    <button type="submit" name="outcome" value="fail" class="fail" data-testid="gateway-fail">Bank declines (sandbox)</button>
    <button type="submit" name="outcome" value="leave" class="leave" data-testid="gateway-leave">Leave without paying</button>
  </form>
</div>`;
  return { html: layout('Pay', body), csp: cspOf() };
}

export function resultPage(title: string, text: string, next: string | null): Page {
  const body = `<div class="card" data-testid="gateway-result"><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(text)}</p>${next ? `<a class="upi" href="${escapeHtml(next)}" data-testid="gateway-next">Continue</a>` : ''}</div>`;
  return { html: layout(title, body), csp: cspOf() };
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
<header><span class="logo">Payment gateway</span><span class="badge">SANDBOX</span></header>
<main>${body}
<footer>Payment gateway sandbox of jansetu: no money moves.</footer>
</main>
</body>
</html>`;
}

/** Form posts go to the page itself; its answer may redirect to the merchant's callback (any http(s) origin). */
function cspOf(): string {
  return ["default-src 'none'", `style-src 'sha256-${STYLE_HASH}'`, "form-action 'self' http: https:", "frame-ancestors 'none'", "base-uri 'none'"].join('; ');
}
