// Dates in the Japanese era (令和), as the credit union's notices write them.
const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'Asia/Tokyo',
});

/** e.g. 令和8年11月24日 (the first year is written 元年 in print; ICU writes 1年). */
export function formatJapaneseEraDate(date: Date): string {
  return eraFormat.format(date);
}
