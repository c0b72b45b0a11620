/**
 * Counters shared by every host through Redis (rate-limiter-flexible): login
 * attempts, OTP requests and wrong OTPs. Without Redis, or while it is
 * unreachable, each host counts for itself: still limited, never unlimited.
 */
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimitSpec {
  points: number;
  durationS: number;
  /** Once exceeded, refused for this long. */
  blockS: number;
}

export function rateLimiter(keyPrefix: string, spec: LimitSpec, redis: Redis | null | undefined): RateLimiterAbstract {
  const common = { keyPrefix, points: spec.points, duration: spec.durationS, blockDuration: spec.blockS };
  if (!redis) return new RateLimiterMemory(common);
  return new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: new RateLimiterMemory(common) });
}
