/**
 * UPI intent links (NPCI UPI Linking Specification): `upi://pay?pa=…&pn=…&am=…&cu=INR&tr=…&tn=…`.
 * Any UPI app opens one; as a QR code it is the proximity form. A link proves nothing by itself:
 * whether it was paid comes from the gateway only.
 */
export interface UpiIntent {
  /** Payee address, name@handle. */
  payeeVpa: string;
  payeeName: string;
  amountPaise: number;
  /** The reference reconciliation goes by. */
  transactionRef: string;
  note: string;
  /** 4-digit merchant category code (9399: government services). */
  merchantCode?: string;
}

const VPA = /^[a-zA-Z0-9.\-_]{2,256}@[a-zA-Z][a-zA-Z0-9]{1,64}$/;

export function upiIntentLink(intent: UpiIntent): string {
  if (!VPA.test(intent.payeeVpa)) throw new Error(`"${intent.payeeVpa}" is not a UPI address (name@handle)`);
  if (!Number.isInteger(intent.amountPaise) || intent.amountPaise <= 0) throw new Error('a UPI amount is a positive whole number of paise');
  const params = new URLSearchParams({
    pa: intent.payeeVpa,
    pn: intent.payeeName,
    am: (intent.amountPaise / 100).toFixed(2),
    cu: 'INR',
    tr: intent.transactionRef,
    // Apps show about 50 characters of the note.
    tn: intent.note.slice(0, 50),
    ...(intent.merchantCode ? { mc: intent.merchantCode } : {}),
  });
  // URLSearchParams writes spaces as '+'; UPI apps read %20.
  return `upi://pay?${params.toString().replace(/\+/g, '%20')}`;
}

/** "₹1,234.50" for a citizen (Indian digit grouping). */
export function rupees(amountPaise: number): string {
  const value = amountPaise / 100;
  return `₹${value.toLocaleString('en-IN', { minimumFractionDigits: Number.isInteger(value) ? 0 : 2, maximumFractionDigits: 2 })}`;
}
