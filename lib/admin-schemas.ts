import { z } from 'zod';

// Ids are our own random ids (prefix + base32); anything else is refused before a query.
const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[a-z2-7]{1,40}$`));

export const partnerStatusSchema = z.strictObject({
  partnerId: id('ptn'),
  status: z.enum(['active', 'suspended']),
});

export const unlockUserSchema = z.strictObject({ userId: id('usr') });
export const unlockPinSchema = z.strictObject({ accountId: id('acc') });
export const unlockStaffSchema = z.strictObject({ staffId: id('stf') });
