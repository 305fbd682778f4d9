/**
 * ringsight/reports/type-colours
 * ==============================
 *
 * One colour per entity type, shared by the viewer (viewer/src/graph/styles/
 * palette.ts) and the report's graph pictures, so a phone is the same blue on
 * the screen and on the page an investigator prints. Told apart by hue and
 * lightness, so the legend still reads in grey print and for the common
 * red–green deficiency.
 */
import type { EntityType } from '../engine/model.js';

export const TYPE_COLOURS: Record<EntityType | 'claim', string> = {
  claim: '#5b6b82',
  person: '#e8590c',
  phone: '#1c7ed6',
  vehicle: '#2b8a3e',
  bank_account: '#c2255c',
  hospital: '#d6336c',
  repair_shop: '#7048e8',
  appraiser: '#0c8599',
  lawyer: '#a07b00',
  tow: '#495057'
};

/** Likely organisers: the viewer's highlight red, on the person's shape. */
export const ORGANISER_COLOUR = '#f03e3e';
