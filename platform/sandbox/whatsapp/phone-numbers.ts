/** The business phone numbers the simulator answers for. */
import type { SimulatedPhoneNumber } from './options';

export class PhoneNumbers {
  private readonly byId: Map<string, SimulatedPhoneNumber>;
  private readonly byAccount: Set<string>;

  constructor(private readonly numbers: readonly SimulatedPhoneNumber[]) {
    this.byId = new Map(numbers.map((n) => [n.phoneNumberId, n]));
    this.byAccount = new Set(numbers.map((n) => n.businessAccountId));
  }

  get(phoneNumberId: string): SimulatedPhoneNumber | undefined {
    return this.byId.get(phoneNumberId);
  }

  /** The number citizens write to when they do not pick one. */
  default(): SimulatedPhoneNumber {
    return this.numbers[0];
  }

  hasBusinessAccount(businessAccountId: string): boolean {
    return this.byAccount.has(businessAccountId);
  }
}
