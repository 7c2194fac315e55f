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

/** A workbook like an economist's: a title row, the header row, N application rows. */
export function generateWorkbook(rows: number, seed = 42): ExcelJS.Workbook {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ansökningar');
  ws.addRow(['Ansökningar till förbundsstyrelsen']);
  ws.addRow(['Dnr', 'Insats', 'Insatsägare', 'Samverkansparter', 'Insatstyp', 'Målgrupp', 'Startdatum', 'Slutdatum', 'Sökt belopp', 'Tjänsteomfattning', 'Ärendetyp', 'Förankrad']);
  for (let i = 0; i < rows; i++) {
    const year = 2024 + Math.floor(r() * 3);
    const month = Math.floor(r() * 12);
    const length = pick([6, 12, 24, 30]);
    const start = new Date(Date.UTC(year, month, 1));
    const end = new Date(Date.UTC(year, month + length, 0));
    ws.addRow([
      `${year}-${String(i + 1).padStart(5, '0')}`,
      `Insats ${i + 1}`,
      pick(OWNERS),
      pick(PARTNERS),
      pick(KINDS),
      pick(GROUPS),
      start,
      end,
      pick(AMOUNTS),
      pick(FTES),
      r() < 0.3 ? 'förlängning' : 'ny',
      r() < 0.9 ? 'ja' : 'nej',
    ]);
  }
  return wb;
}
