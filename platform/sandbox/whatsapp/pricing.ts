/**
 * The `pricing` block of status webhooks under per-message pricing (PMP, since
 * 1 Jul 2025): free-form replies are free customer service; utility templates
 * are free inside an open customer-service window; everything else is billed
 * in its template's category.
 */
import type { WebhookStatus } from '../../whatsapp/types';
import type { TemplateCategory } from './templates';

export type Pricing = NonNullable<WebhookStatus['pricing']>;

/** templateCategory is null for a free-form (non-template) message. */
export function pricingFor(templateCategory: TemplateCategory | null, windowOpen: boolean): Pricing {
  if (templateCategory === null) return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  const category = templateCategory.toLowerCase();
  if (templateCategory === 'UTILITY' && windowOpen) return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category };
  return { billable: true, pricing_model: 'PMP', type: 'regular', category };
}
