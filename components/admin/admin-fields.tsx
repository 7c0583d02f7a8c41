'use client';
// Labelled console inputs wired to react-hook-form, each naming its error (aria-describedby).
import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { inputClass, labelClass } from '@/components/form/fields';
import { AdminFieldError } from './admin-form-bits';

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  errors: string[];
  register: UseFormRegisterReturn;
  multiline?: boolean;
  type?: string;
  mono?: boolean;
}

export function AdminTextField({ name, label, hint, errors, register, multiline, type = 'text', mono }: FieldProps) {
  const shared = {
    id: name,
    'aria-invalid': errors.length > 0,
    'aria-describedby': `${name}-error${hint ? ` ${name}-hint` : ''}`,
    className: `${inputClass} ${mono ? 'font-mono text-sm' : ''}`,
    ...register,
  };
  return (
    <div>
      <label htmlFor={name} className={labelClass}>{label}</label>
      {hint ? <p id={`${name}-hint`} className="mb-1 text-sm text-slate-600">{hint}</p> : null}
      {multiline ? <textarea rows={4} spellCheck={false} {...shared} /> : <input type={type} spellCheck={false} {...shared} />}
      <AdminFieldError id={`${name}-error`} errors={errors} />
    </div>
  );
}

export function AdminFieldset({ legend, errors, name, children }: { legend: string; errors: string[]; name: string; children: ReactNode }) {
  return (
    <fieldset aria-describedby={`${name}-error`}>
      <legend className={labelClass}>{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">{children}</div>
      <AdminFieldError id={`${name}-error`} errors={errors} />
    </fieldset>
  );
}
