import type { OutboundMessageBody } from '../../platform/whatsapp/types';
import { CUSTOMER_SERVICE_WINDOW_MS, isWindowOpen, needsOpenWindow } from '../../platform/whatsapp/window';

describe('customer-service window', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('is 24 hours', () => {
    expect(CUSTOMER_SERVICE_WINDOW_MS).toBe(86_400_000);
  });

  it('is open until just before 24 h after the last inbound message, closed at 24 h', () => {
    expect(isWindowOpen(ago(0), now)).toBe(true);
    expect(isWindowOpen(ago(CUSTOMER_SERVICE_WINDOW_MS - 1), now)).toBe(true);
    expect(isWindowOpen(ago(CUSTOMER_SERVICE_WINDOW_MS), now)).toBe(false);
    expect(isWindowOpen(ago(CUSTOMER_SERVICE_WINDOW_MS + 1), now)).toBe(false);
  });

  it('is closed when the citizen never wrote, open under small clock skew', () => {
    expect(isWindowOpen(null, now)).toBe(false);
    expect(isWindowOpen(ago(-2000), now)).toBe(true);
  });

  it('defaults now to the current time', () => {
    expect(isWindowOpen(new Date())).toBe(true);
  });

  it('only templates may be sent outside it; reactions and media count as free-form', () => {
    const body = (type: OutboundMessageBody['type']): OutboundMessageBody => ({ messaging_product: 'whatsapp', to: '919876543210', type });
    expect(needsOpenWindow(body('template'))).toBe(false);
    for (const type of ['text', 'interactive', 'image', 'document', 'audio', 'video', 'sticker', 'location', 'reaction'] as const) {
      expect(needsOpenWindow(body(type))).toBe(true);
    }
  });
});
