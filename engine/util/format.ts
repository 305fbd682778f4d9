/**
 * ringsight/engine/util/format
 * ============================
 *
 * Number wording for evidence details. One `Intl.NumberFormat` made once:
 * `Number#toLocaleString` builds a new formatter on every call, and evidence
 * is worded for every candidate scored (over a hundred thousand at a million
 * claims).
 */

const EN_US = new Intl.NumberFormat('en-US');

/**
 * `x` with thousands separators, up to three decimals: what `x.toLocaleString('en-US')` writes.
 * Written by hand where the plain decimal form has at most three decimals (every count, and
 * amounts rounded to cents): the formatter costs microseconds a call.
 */
export function grouped(x: number): string {
  const plain = String(x);
  const dot = plain.indexOf('.');
  if (Object.is(x, -0) || !/^-?\d+(\.\d{1,3})?$/.test(plain) || (dot === -1 ? plain.length : dot) > 16)
    return EN_US.format(x);
  const sign = plain[0] === '-' ? 1 : 0;
  const end = dot === -1 ? plain.length : dot;
  let out = plain.slice(sign, end);
  for (let i = out.length - 3; i > 0; i -= 3) out = out.slice(0, i) + ',' + out.slice(i);
  return (sign ? '-' : '') + out + plain.slice(end);
}
