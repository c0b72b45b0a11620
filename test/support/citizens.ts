/** The citizen key under which the sandbox simulator's citizen `waId` is known (it sends a BSUID, as Meta does since 2026). */
import { citizenKey } from '../../platform/citizens/identity';
import { DEFAULT_PHONE_NUMBER } from '../../platform/sandbox/whatsapp';
import { bsuidFor } from '../../platform/sandbox/whatsapp/ids';

export function sandboxCitizenKey(waId: string, number = DEFAULT_PHONE_NUMBER): string {
  return citizenKey(number.phoneNumberId, { wa_id: waId, user_id: bsuidFor(number.businessAccountId, waId) });
}

/** Polls until `read` gives a value `ok` accepts (flows save sessions after their reply goes out), or gives the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    value = await read();
  }
  return value;
}
