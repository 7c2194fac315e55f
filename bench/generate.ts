import ExcelJS from 'exceljs';

/** Deterministic pseudo-random numbers, so every run benchmarks the same workbook. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OWNERS = ['Uppsala kommun', 'Enköpings kommun', 'Heby kommun', 'Tierps kommun', 'Region Uppsala', 'Arbetsförmedlingen', 'Stiftelsen Vägen'];
const PARTNERS = ['Försäkringskassan, Arbetsförmedlingen och Region Uppsala', 'Arbetsförmedlingen', 'Heby kommun', 'Region Uppsala; Försäkringskassan', ''];
const KINDS = ['strukturövergripande', 'individinriktad', 'kompetenshöjande'];
const GROUPS = ['Unga med aktivitetsersättning', 'Personer med långvarigt bidragsberoende', 'Lokusgruppen', 'Nyanlända'];
const AMOUNTS = [150000, 280000, 560000, 700000, 1200000];
const FTES = [0.2, 0.4, 0.5, null];
const PURPOSES = ['Fler i arbete eller studier', 'Samordnad rehabilitering', 'Kortare väg till egen försörjning', null];
/** The chief's column: mostly empty, some decisions, a few an unknown text (flagged). */
const CHIEF = [null, null, null, null, 'Bevilja', 'Avslå', 'Begär komplettering', 'Bevilja med ändrat belopp', 'kanske'];

/** A workbook like an economist's: a title row, the header row, N application rows. */
export function generateWorkbook(rows: number, seed = 42): ExcelJS.Workbook {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ansökningar');
  ws.addRow(['Ansökningar till förbundsstyrelsen']);
  ws.addRow(['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Målgrupp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Ärendetyp', 'Förankrad', 'Syfte', 'Beviljat belopp', 'Utfall', 'Utfall per', 'Chefens beslut', 'Beslutat belopp', 'Kommentar']);
  for (let i = 0; i < rows; i++) {
    const year = 2024 + Math.floor(r() * 3);
    const month = Math.floor(r() * 12);
    const length = pick([6, 12, 24, 30]);
    const start = new Date(Date.UTC(year, month, 1));
    const end = new Date(Date.UTC(year, month + length, 0));
    const amount = pick(AMOUNTS);
    const extension = r() < 0.3;
    // Follow-up figures on some extensions: granted, spent so far and the day the figure refers to.
    const followUp = extension && r() < 0.6;
    const granted = followUp ? amount : null;
    const spent = followUp ? Math.round(amount * r() * 1.1) : null;
    const spentAsOf = followUp ? new Date(Date.UTC(2026, Math.floor(r() * 10), 28)) : null;
    const chief = pick(CHIEF);
    ws.addRow([
      `${year}-${String(i + 1).padStart(5, '0')}`,
      `Insats ${i + 1}`,
      pick(OWNERS),
      pick(PARTNERS),
      pick(KINDS),
      pick(GROUPS),
      start,
      end,
      amount,
      pick(FTES),
      extension ? 'förlängning' : 'ny',
      r() < 0.9 ? 'ja' : 'nej',
      pick(PURPOSES),
      granted,
      spent,
      spentAsOf,
      chief,
      chief === 'Bevilja med ändrat belopp' ? Math.round(amount * 0.8) : null,
      chief === 'Avslå' ? 'Insatsen ryms inte i årets budget' : null,
    ]);
  }
  return wb;
}

/**
 * The follow-up scenario: `rows` granted insatser (two years each) and an Utfall sheet with
 * `linesPerRow` cost reports per insats (half-years, a Delrapport each), as a förbund keeps them.
 */
export function generateFollowUpWorkbook(rows: number, linesPerRow: number, seed = 7): ExcelJS.Workbook {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ansökningar');
  ws.addRow(['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Målgrupp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Förankrad', 'Beslutsdatum', 'Beviljat belopp']);
  const costs = wb.addWorksheet('Utfall');
  costs.addRow(['Dnr', 'Från', 'Till', 'Utfall', 'Rapport', 'Deltagare']);
  const budget = wb.addWorksheet('Budget');
  budget.addRow(['År', 'Budgetram']);
  for (const year of [2024, 2025, 2026, 2027]) budget.addRow([year, 400_000_000]);
  for (let i = 0; i < rows; i++) {
    const year = 2024 + Math.floor(r() * 2);
    const start = new Date(Date.UTC(year, 0, 1));
    const end = new Date(Date.UTC(year + 1, 11, 31));
    const amount = pick([280000, 400000, 560000]);
    const id = `${year}-${String(i + 1).padStart(5, '0')}`;
    ws.addRow([id, `Insats ${i + 1}`, pick(OWNERS.slice(0, 6)), pick(PARTNERS.slice(0, 4)), pick(KINDS), pick(GROUPS), start, end, amount, 0.4, 'ja', new Date(Date.UTC(year - 1, 10, 28)), amount]);
    for (let k = 0; k < linesPerRow; k++) {
      const from = new Date(Date.UTC(year, 6 * k, 1));
      const to = new Date(Date.UTC(year, 6 * (k + 1), 0));
      costs.addRow([id, from, to, Math.round((amount / linesPerRow) * (0.6 + r() * 0.6)), r() < 0.9 ? 'Delrapport' : null, Math.floor(r() * 20)]);
    }
  }
  return wb;
}
