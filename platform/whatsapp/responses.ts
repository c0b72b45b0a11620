/**
 * Shapes of successful Graph responses, checked before use. Loose: fields
 * Meta adds later pass through; only what callers rely on is required.
 */
import { z } from 'zod';
import { GraphResponseError } from './transport';
import type { MediaInfo, MessageTemplate, SendResult } from './types';

export const sendResultSchema = z.looseObject({
  messaging_product: z.literal('whatsapp').default('whatsapp'),
  contacts: z.array(z.looseObject({ input: z.string(), wa_id: z.string().optional(), user_id: z.string().optional() })).default([]),
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
}) satisfies z.ZodType<SendResult>;

export const successSchema = z.looseObject({ success: z.literal(true) });

export const uploadResultSchema = z.looseObject({ id: z.string().min(1) });

export const mediaInfoSchema = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  url: z.string().min(1),
  mime_type: z.string(),
  sha256: z.string().min(1),
  file_size: z.union([z.string(), z.number()]),
  id: z.string().min(1),
}) satisfies z.ZodType<MediaInfo>;

export const templatesPageSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string().optional(),
      name: z.string(),
      language: z.string(),
      status: z.string(),
      category: z.string(),
      components: z.array(z.record(z.string(), z.unknown())).default([]),
    }) satisfies z.ZodType<MessageTemplate>,
  ),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});

/** The response as the schema's type, or GraphResponseError naming what is off. */
export function parseResponse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new GraphResponseError(`${what}: unexpected response (${z.prettifyError(result.error)})`, body);
  return result.data;
}
