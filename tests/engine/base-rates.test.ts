import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { dayNumber } from '../../engine/util/dates.js';
import { log10BinomialTail, log10PoissonTail, strengthOf } from '../../engine/signals/surprise.js';
import { BookBuilder, contribution, person, phone, ringWith } from '../helpers/book.js';

/** Unrelated injured people filing one claim each at the county hospital: the book's bulk. */
function background(b: BookBuilder, n: number, prefix = 'B'): void {
  for (let i = 0; i < n; i++) {
    b.claim(`${prefix}${i}`, { product: 'injury', insurer: ['PICC', '平安'][i % 2]!, region: '360102' });
    b.party(`${prefix}${i}`, 'injured', person(), phone(500000 + i));
    b.link(`${prefix}${i}`, 'hospital', 'HOSP-CITY', 'hospital');
  }
}

/** People injured twice (two claims, same role): people on several claims who do not switch. */
function repeatClaimants(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const who = person('360102');
    for (let k = 0; k < 2; k++) {
      b.claim(`R${i}-${k}`, { product: 'injury', region: '360102' });
      b.party(`R${i}-${k}`, 'injured', who);
    }
  }
}

/** Honest families: one member drives one claim and is injured on the next. */
function switchingFamilies(b: BookBuilder, families: number): void {
  for (let f = 0; f < families; f++) {
    const dad = person('360102');
    const kid = person('360102');
    for (let k = 0; k < 2; k++) {
      const id = `F${f}-${k}`;
      b.claim(id, { region: '360102' });
      b.party(id, k === 0 ? 'driver' : 'injured', dad, phone(700000 + f));
      b.party(id, k === 0 ? 'passenger' : 'driver', kid);
    }
  }
}

/** Six people taking turns as driver and injured over eight claims, one insurer, one prefecture: only role switching marks them. */
function rotatingGang(b: BookBuilder): void {
  const people = Array.from({ length: 6 }, () => person('360702'));
  for (let i = 0; i < 8; i++) {
    const id = `G${i}`;
    b.claim(id, { region: '360702' });
    b.party(id, 'driver', people[i % 6]!);
    b.party(id, 'injured', people[(i + 1) % 6]!);
  }
}

describe('surprise', () => {
  it('computes binomial and Poisson tails', () => {
    expect(10 ** log10BinomialTail(1, 1, 0.5)).toBeCloseTo(0.5, 10);
    expect(10 ** log10BinomialTail(3, 3, 0.5)).toBeCloseTo(0.125, 10);
    expect(10 ** log10BinomialTail(2, 4, 0.1)).toBeCloseTo(1 - 0.9 ** 4 - 4 * 0.1 * 0.9 ** 3, 10);
    expect(10 ** log10PoissonTail(2, 1)).toBeCloseTo(1 - Math.exp(-1) * 2, 10);
    // At or below the expectation a count is ordinary: reported as chance 1.
    expect(log10PoissonTail(1, 1)).toBe(0);
    expect(log10BinomialTail(1, 10, 0.1)).toBe(0);
    expect(10 ** log10PoissonTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 10);
    expect(log10BinomialTail(0, 5, 0.2)).toBe(0);
    expect(log10BinomialTail(6, 5, 0.2)).toBe(-Infinity);
  });

  it('numbers days like the calendar does', () => {
    for (const date of ['1970-01-01', '2000-02-29', '2024-03-01', '2023-12-31', '1899-12-31', '2100-03-01']) {
      expect(dayNumber(date), date).toBe(
        Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000
      );
    }
  });

  it('maps chances to a monotone strength between the scale ends', () => {
    expect(strengthOf(-1, [2, 6])).toBe(0);
    expect(strengthOf(-4, [2, 6])).toBeCloseTo(0.5);
    expect(strengthOf(-8, [2, 6])).toBe(1.5);
    expect(strengthOf(-20, [2, 6])).toBe(1.5);
  });
});

describe("scoring against the book's base rates", () => {
  it('counts role switching less in a book where honest families switch roles all the time', () => {
    const rare = new BookBuilder();
    background(rare, 400);
    repeatClaimants(rare, 100);
    switchingFamilies(rare, 2);
    rotatingGang(rare);
    const common = new BookBuilder();
    background(common, 400);
    repeatClaimants(common, 100);
    switchingFamilies(common, 150);
    rotatingGang(common);
    const inRare = contribution(ringWith(detectRings(rare.book, { reportMinScore: 0 }).rings, 'G0'), 'role_switching');
    const inCommon = contribution(
      ringWith(detectRings(common.book, { reportMinScore: 0 }).rings, 'G0'),
      'role_switching'
    );
    expect(inRare).toBeGreaterThan(0);
    expect(inCommon).toBeLessThan(inRare);
  });

  it('tells one death claimed at several insurers (ordinary here) from a person who dies twice', () => {
    const b = new BookBuilder();
    background(b, 300);
    // Forty elderly people, each with one death claimed under three insurers' policies.
    for (let p = 0; p < 40; p++) {
      const who = person('360402');
      const heir = person('360402');
      for (let k = 0; k < 3; k++) {
        const id = `M${p}-${k}`;
        b.claim(id, {
          product: 'death',
          insurer: ['PICC', '平安', '国寿'][k]!,
          region: '360402',
          accidentDate: '2024-05-01'
        });
        b.party(id, 'deceased', who);
        b.party(id, 'beneficiary', heir, phone(800000 + p), `62220000000${String(p).padStart(5, '0')}`);
      }
    }
    const twice = person('360402');
    const heirs = [person('360702'), person('361102')];
    for (let k = 0; k < 3; k++) {
      const id = `D${k}`;
      b.claim(id, {
        product: 'death',
        insurer: ['PICC', '平安', '国寿'][k]!,
        region: '360402',
        accidentDate: `2024-0${k + 2}-11`
      });
      b.party(id, 'deceased', twice);
      b.party(id, 'beneficiary', heirs[k % 2]!);
    }
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    expect(contribution(ringWith(rings, 'M0-0'), 'repeat_death')).toBe(0);
    expect(contribution(ringWith(rings, 'D0'), 'repeat_death')).toBeGreaterThan(20);
  });

  it('judges one death claimed under several policies per deceased person, not per claim', () => {
    const b = new BookBuilder();
    background(b, 300);
    const insurers = ['PICC', '平安', '国寿'];
    /** One person's death: claimed under `policies` insurers' policies, one date, one heir. */
    const death = (id: string, policies: number, heir = person('360402'), agent?: string): void => {
      const who = person('360402');
      for (let k = 0; k < policies; k++) {
        b.claim(`${id}-${k}`, {
          product: 'death',
          insurer: insurers[k]!,
          region: '360402',
          accidentDate: '2024-05-01'
        });
        b.party(`${id}-${k}`, 'deceased', who);
        b.party(`${id}-${k}`, 'beneficiary', heir);
        if (agent && k === 0) b.party(`${id}-${k}`, 'agent', agent);
      }
    };
    // The book: 200 deaths claimed once, 5 claimed at three insurers (2.4% of the deceased).
    for (let i = 0; i < 200; i++) death(`S${i}`, 1);
    for (let i = 0; i < 5; i++) death(`M${i}`, 3);
    // A life agent sold one policy to each of five customers who died; three of them held two more elsewhere.
    const agent = person('360402');
    for (let i = 0; i < 5; i++) death(`A${i}`, i < 3 ? 3 : 1, person('360402'), agent);
    // A gang: five invented deaths, each claimed at three insurers, the heirs' payouts to one organiser's phone.
    const organiser = phone(990001);
    for (let i = 0; i < 5; i++) {
      const heir = person('360702');
      death(`G${i}`, 3, heir);
      for (let k = 0; k < 3; k++) b.link(`G${i}-${k}`, 'phone', organiser, 'beneficiary', heir);
    }
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const agentBook = ringWith(rings, 'A0-0');
    // Three of five people (here about 1e-4 by the per-person rate): a weak flag, not a gang.
    // Counted per claim, six "coincidences" in eleven claims would have read as rarer than 1 in 100,000.
    expect(agentBook?.claims.length).toBe(11);
    expect(contribution(agentBook, 'repeat_death')).toBeGreaterThan(0);
    expect(contribution(agentBook, 'repeat_death')).toBeLessThan(20);
    expect(agentBook?.evidence.find((e) => e.signal === 'repeat_death')?.detail).toMatch(/here 3 of 5/);
    expect(agentBook?.flagged).toBe(false);
    const gang = ringWith(rings, 'G0-0');
    expect(contribution(gang, 'repeat_death')).toBeGreaterThan(35);
    expect(gang?.flagged).toBe(true);
  });

  it("judges a provider by its share of the place: a colluding clinic with honest patients counts, the county's only clinic does not", () => {
    const b = new BookBuilder();
    // 600 claims in 360102 where CLINIC-X sees one in ten; 200 in county 360782 where CLINIC-ONLY sees all.
    for (let i = 0; i < 600; i++) {
      b.claim(`P${i}`, { product: 'injury', region: '360102' });
      b.party(`P${i}`, 'injured', person());
      b.link(`P${i}`, 'hospital', i % 10 === 0 ? 'CLINIC-X' : 'HOSP-CITY', 'hospital');
    }
    for (let i = 0; i < 200; i++) {
      b.claim(`Q${i}`, { product: 'injury', region: '360782' });
      b.party(`Q${i}`, 'injured', person('360782'));
      b.link(`Q${i}`, 'hospital', 'CLINIC-ONLY', 'hospital');
    }
    // A family of the county: four claims linked by one phone, all at the county clinic.
    const home = phone(610000);
    for (let k = 0; k < 4; k++) {
      b.claim(`FAM${k}`, { product: 'injury', region: '360782' });
      b.party(`FAM${k}`, 'injured', person('360782'), home);
      b.link(`FAM${k}`, 'hospital', 'CLINIC-ONLY', 'hospital');
    }
    // A broker's customers from three prefectures, all sent to CLINIC-X, linked by the broker's phone.
    const broker = phone(620000);
    for (let k = 0; k < 8; k++) {
      b.claim(`BR${k}`, { product: 'injury', region: ['360102', '360702', '361102'][k % 3]! });
      b.party(`BR${k}`, 'injured', person(['360102', '360702', '361102'][k % 3]!), broker);
      b.link(`BR${k}`, 'hospital', 'CLINIC-X', 'hospital');
    }
    const { rings } = detectRings(b.book);
    expect(contribution(ringWith(rings, 'FAM0'), 'intermediary_concentration')).toBe(0);
    expect(contribution(ringWith(rings, 'BR0'), 'intermediary_concentration')).toBeGreaterThan(15);
  });

  it("never names a person deceased on the ring's claims as organiser; names who receives the payouts", () => {
    const b = new BookBuilder();
    background(b, 200);
    const collector = person('360702');
    const account = '6222000011112222';
    for (let k = 0; k < 5; k++) {
      const dead = person('360402');
      const id = `X${k}`;
      b.claim(id, {
        product: 'death',
        insurer: ['PICC', '平安', '国寿'][k % 3]!,
        region: ['360402', '360702'][k % 2]!,
        accidentDate: `2024-0${k + 1}-15`
      });
      b.party(id, 'deceased', dead);
      b.party(id, 'beneficiary', person('3604' + String(10 + k).padStart(2, '0')), phone(630000), account);
      // The collector files two of the claims; every payout lands in the account they hold.
      if (k === 0 || k === 3) b.party(id, 'claimant', collector, undefined, account);
    }
    const ring = ringWith(detectRings(b.book, { reportMinScore: 0 }).rings, 'X0');
    expect(ring).toBeDefined();
    const deceased = new Set(ring!.members.filter((m) => m.roles.includes('deceased')).map((m) => m.key));
    expect(ring!.organisers.some((o) => deceased.has(o))).toBe(false);
    expect(ring!.organisers).toContain(collector);
  });

  it('takes suspicious candidates out of the base rates (trimmed null), so gangs of one kind do not make each other look ordinary', () => {
    const b = new BookBuilder();
    background(b, 400);
    // Four hundred honest deaths, each claimed once by an heir.
    for (let i = 0; i < 400; i++) {
      b.claim(`HD${i}`, { product: 'death', region: '360402', accidentDate: '2024-06-01' });
      b.party(`HD${i}`, 'deceased', person('360402'));
      b.party(`HD${i}`, 'beneficiary', person('360402'));
    }
    // Twelve small fake-death gangs: a payee collecting on two invented deaths, one "dying" twice.
    for (let g = 0; g < 12; g++) {
      const payee = person('360702');
      const twice = person('360402');
      const other = person('360402');
      for (let k = 0; k < 3; k++) {
        const id = `FD${g}-${k}`;
        b.claim(id, {
          product: 'death',
          insurer: ['PICC', '平安', '国寿'][k]!,
          region: '360402',
          accidentDate: `2024-0${k + 2}-1${g % 9}`,
          policyStart: '2024-01-20'
        });
        b.party(id, 'deceased', k === 1 ? other : twice);
        b.party(id, 'beneficiary', payee, undefined, `6222000033${String(g).padStart(6, '0')}`);
      }
    }
    // trimPasses 0: scored once, at the untrimmed rates.
    const flagged = (trimPasses: number): number =>
      detectRings(b.book, { trimPasses }).rings.filter((r) => r.flagged && r.claims.some((c) => c.startsWith('FD')))
        .length;
    const untrimmed = flagged(0);
    const trimmed = flagged(3);
    expect(trimmed).toBe(12);
    expect(untrimmed).toBeLessThan(trimmed);
  });

  it('keeps honest single events in a rate under 1 in 100: one event is never bunched', () => {
    // 1,500 people paid twice into their own account, and ten accounts each shared once by two
    // people of different districts: a rate of 10 in 1,510. Every one of the ten is a chance
    // under 1 in 100 at the rate without it; trimming them one by one once emptied the rate.
    const b = new BookBuilder();
    for (let i = 0; i < 1500; i++) {
      const who = person('360102');
      for (let k = 0; k < 2; k++) {
        const id = `S${i}-${k}`;
        b.claim(id, { accidentDate: `2023-0${1 + (i % 9)}-1${k}` });
        b.party(id, 'claimant', who, phone(100000 + i), `62170000${String(i).padStart(10, '0')}`);
      }
    }
    for (let i = 0; i < 10; i++) {
      const account = `62220000${String(i).padStart(10, '0')}`;
      b.claim(`P${i}-0`, { accidentDate: '2023-05-01' });
      b.party(`P${i}-0`, 'claimant', person('360102'), phone(200000 + i), account);
      b.claim(`P${i}-1`, { accidentDate: '2024-02-01' });
      b.party(`P${i}-1`, 'claimant', person('360702'), phone(300000 + i), account);
    }
    const pair = detectRings(b.book, { reportMinScore: 0 }).rings.find((r) => r.claims.includes('P0-0'))!;
    const shared = pair.evidence.find((e) => e.signal === 'shared_bank_account')!;
    expect(shared.detail).toContain('in this book 0.67% of 1,510 bank accounts on several claims');
  });
});

describe("a driver at the wheel of other policyholders' cars", () => {
  /** A crew's driver crashing four recruits' cars, one insurer, one place: only the driving marks it. */
  function crew(b: BookBuilder): void {
    const driver = person('360702');
    for (let i = 0; i < 4; i++) {
      b.claim(`C${i}`, { region: '360702' });
      b.party(`C${i}`, 'insured', person('360702'));
      b.party(`C${i}`, 'driver', driver);
    }
  }
  /** People driving their own car on two claims, and their spouse's once: one other policyholder. */
  function ownCars(b: BookBuilder, n: number): void {
    for (let i = 0; i < n; i++) {
      const me = person('360102');
      const spouse = person('360102');
      for (let k = 0; k < 3; k++) {
        b.claim(`O${i}-${k}`, { region: '360102' });
        b.party(`O${i}-${k}`, 'insured', k < 2 ? me : spouse);
        b.party(`O${i}-${k}`, 'driver', me);
      }
    }
  }
  /** Designated drivers (代驾), each on two customers' claims. */
  function designatedDrivers(b: BookBuilder, n: number): void {
    for (let i = 0; i < n; i++) {
      const driver = person('360102');
      for (let k = 0; k < 2; k++) {
        b.claim(`V${i}-${k}`, { region: '360102' });
        b.party(`V${i}-${k}`, 'insured', person('360102'));
        b.party(`V${i}-${k}`, 'driver', driver);
      }
    }
  }

  it('counts as a red flag where honest repeat drivers drive their own cars', () => {
    const b = new BookBuilder();
    background(b, 300);
    ownCars(b, 60);
    crew(b);
    const ring = ringWith(detectRings(b.book, { reportMinScore: 0 }).rings, 'C0');
    const e = ring?.evidence.find((x) => x.signal === 'hired_driver');
    expect(e?.contribution).toBeGreaterThan(15);
    expect(e?.detail).toMatch(/1 person drove the cars of several other policyholders/);
    // The driver is named by a masked ID only.
    expect(e?.detail).toMatch(/\*{8}/);
    // Own cars and a spouse's: one other policyholder, no flag.
    expect(contribution(ringWith(detectRings(b.book, { reportMinScore: 0 }).rings, 'O0-0'), 'hired_driver')).toBe(0);
  });

  it('counts less in a book where designated drivers make it ordinary', () => {
    const rare = new BookBuilder();
    background(rare, 300);
    ownCars(rare, 60);
    crew(rare);
    const common = new BookBuilder();
    background(common, 300);
    ownCars(common, 30);
    designatedDrivers(common, 30);
    crew(common);
    const inRare = contribution(ringWith(detectRings(rare.book, { reportMinScore: 0 }).rings, 'C0'), 'hired_driver');
    const inCommon = contribution(
      ringWith(detectRings(common.book, { reportMinScore: 0 }).rings, 'C0'),
      'hired_driver'
    );
    expect(inCommon).toBeLessThan(inRare / 2);
  });
});
