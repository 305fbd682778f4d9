/**
 * ringsight/engine/normalise
 * ==========================
 *
 * Key normalisers applied before linking: the same person, phone, plate or
 * account written two ways must become one node.
 */
export { normaliseResidentId, residentIdCheckDigit, isCalendarDate, type Normalised } from './resident-id.js';
export { normalisePhone } from './phone.js';
export { normalisePlate, normaliseVin } from './plate.js';
export { normaliseBankAccount } from './bank-account.js';
export { normaliseDate, normaliseAmount, normaliseRegion, normaliseOrgCode } from './scalars.js';
