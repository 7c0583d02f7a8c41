// Button looks shared by the journey's forms (a bank's plain, high-contrast buttons).
const base =
  'inline-flex min-h-12 items-center whitespace-nowrap justify-center rounded-md px-8 py-3 text-base font-bold transition-colors focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-amber-500 disabled:cursor-not-allowed disabled:opacity-60';

export const primaryButton = `${base} bg-brand-700 text-white shadow-sm hover:bg-brand-800`;
export const secondaryButton = `${base} border border-slate-400 bg-white text-slate-800 hover:bg-slate-100`;
export const quietButton = `${base} border border-slate-300 bg-slate-50 text-slate-700 hover:bg-slate-200`;
