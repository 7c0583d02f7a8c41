import { z } from 'zod';

/** Stopping a linkage from the customer's page or the console: only the linkage id is sent. */
export const linkageIdSchema = z.strictObject({
  grantId: z.string().regex(/^grt_[a-z2-7]{1,40}$/),
});
