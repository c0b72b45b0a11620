/** The WhatsApp Cloud API: client, webhook parsing and verification, limits, shared shapes. */
export * from './types';
export * from './errors';
export { signBody, verifySignature, verifyHandshake, encodeWebhookBody, type HandshakeResult } from './signature';
export { parseWebhook, WebhookPayloadError } from './parse';
export { CUSTOMER_SERVICE_WINDOW_MS, isWindowOpen, needsOpenWindow } from './window';
export { checkOutboundMessage, assertOutboundMessage, type LimitViolation } from './limits';
export { GraphClient, type GraphClientOptions, type GraphEndpoint, type MediaUpload } from './client';
export { GraphTransportError, GraphResponseError } from './transport';
export { MediaIntegrityError } from './media';
