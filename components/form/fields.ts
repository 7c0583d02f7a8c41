// Input looks shared by the journey's forms: large targets, visible focus.
export const labelClass = 'mb-1.5 block font-bold text-slate-800';
export const inputClass =
  'block w-full rounded-md border border-slate-400 bg-white px-3 py-3 text-base text-slate-900 shadow-inner focus:border-brand-700 focus:outline-3 focus:outline-offset-0 focus:outline-brand-100 aria-[invalid=true]:border-red-600';
