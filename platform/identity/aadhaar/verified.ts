/**
 * What a session keeps of a citizen who proved their Aadhaar with an OTP (the aadhaar-otp node
 * writes it under `answers.aadhaar`), and who may be given UIDAI's token from it.
 */
import type { Service } from '../../departments/catalog';

/** The session answer the verification is kept under. */
export const VERIFIED_ANSWER = 'aadhaar';

export interface VerifiedAadhaar {
  ref: string;
  masked: string;
  verifiedAt: string;
  /** UIDAI's token for this resident and our AUA: how a department that keys its records by it finds the citizen's (never the number). */
  uidToken?: string;
  kyc: { name: string; nameLocal?: string; gender: string; yearOfBirth: number; district: string };
}

/**
 * The verified citizen's UIDAI token for a department call of `service`: only for a service that needs a
 * verified Aadhaar (never a token left in the session by another service's proof), else null.
 */
export function uidTokenFor(service: Pick<Service, 'needs'> | undefined, answers: Record<string, unknown>): string | null {
  const verified = answers[VERIFIED_ANSWER] as Partial<VerifiedAadhaar> | undefined;
  return service?.needs.aadhaar && typeof verified?.uidToken === 'string' ? verified.uidToken : null;
}
