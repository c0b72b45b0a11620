/**
 * Finds the service a citizen means from what they typed: "birth certificate",
 * "జనన ధృవీకరణ పత్రం", "janana dhruveekarana patram", "incme certificat".
 *
 * MiniSearch (BM25 with fuzzy and prefix matching) ranks the catalog's titles,
 * keywords and descriptions in both languages and in romanised Telugu. Terms are
 * folded before indexing and searching alike, so the spellings people use on a
 * phone keyboard meet: Telugu loses its zero-width joiners and is NFC-normalised;
 * Latin text loses doubled letters and aspirates ("dhruvikarana" = "druveekarana").
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Department, Service, ServiceCatalog } from './catalog';

/** Menu rows that open a service carry this before the service's id. */
export const SERVICE_ROW_PREFIX = 'svc_';

export interface ServiceMatch {
  serviceId: string;
  departmentId: string;
  score: number;
}

/** One service clearly, a few to choose from, or nothing worth offering. */
export type ServiceRoute = { kind: 'service'; match: ServiceMatch } | { kind: 'choices'; matches: ServiceMatch[] } | { kind: 'none' };

interface IndexedService {
  id: string;
  departmentId: string;
  title: string;
  keywords: string;
  romanised: string;
  description: string;
  department: string;
}

/**
 * Telugu case endings and postpositions written onto the word ("బస్సుకి" = bus + to, "పొలంలో" =
 * field + in): one is taken off, longest first, when at least three code points remain, so the inflected
 * word meets the catalog's plain one.
 */
const TELUGU_ENDINGS = ['నుంచి', 'నుండి', 'కోసం', 'ల్లో', 'లోని', 'మీద', 'తో', 'లో', 'కి', 'కు', 'ని', 'ను', 'పై', 'గా', 'దే'];

function stemTelugu(word: string): string {
  for (const ending of TELUGU_ENDINGS) {
    if (word.endsWith(ending) && [...word.slice(0, -ending.length)].length >= 3) return word.slice(0, -ending.length);
  }
  return word;
}

/** Words that say nothing about which service: requests, pronouns, politeness, in all three ways of writing. */
const STOPWORDS = new Set(
  [
    // English
    'i', 'me', 'my', 'mine', 'we', 'our', 'you', 'your', 'a', 'an', 'the', 'to', 'of', 'for', 'in', 'on', 'at', 'is', 'it', 'and', 'or', 'with', 'from', 'by',
    'want', 'wants', 'need', 'needs', 'please', 'pls', 'plz', 'can', 'could', 'would', 'how', 'do', 'does', 'what', 'where', 'when', 'which', 'get', 'give', 'know',
    'sir', 'madam', 'hello', 'hi', 'kindly', 'help', 'am', 'are', 'be', 'this', 'that', 'there', 'some', 'about', 'tell', 'show', 'like', 'u',
    // chit-chat and answers that name no service
    // ("no", "name", "details", "test" and "లేదు" stay: "no power", "add name", "driving test", "కరెంటు లేదు")
    'yes', 'ok', 'okay', 'thanks', 'thank', 'thankyou',
    // romanised Telugu
    'naaku', 'naku', 'maa', 'ma', 'mee', 'meeru', 'kavali', 'kaavali', 'ela', 'elaa', 'ki', 'ku', 'lo', 'nenu', 'emiti', 'enti', 'cheyali', 'cheppandi', 'andi', 'garu', 'dayachesi',
    // Telugu
    'నాకు', 'మా', 'మీ', 'కావాలి', 'ఎలా', 'నేను', 'ఏమిటి', 'చెప్పండి', 'దయచేసి', 'గారు', 'అండి', 'కి', 'లో', 'లేదా', 'అవును', 'సరే', 'ధన్యవాదాలు',
  ].map(foldTerm),
);

/** Folds a term so that the spellings citizens use meet. */
export function foldTerm(term: string): string {
  const t = term.normalize('NFC').toLowerCase().replace(/[\u200b-\u200d\ufeff]/g, '');
  if (/^[\u0C00-\u0C7F]+$/.test(t)) return stemTelugu(t);
  if (!/^[a-z0-9' -]+$/.test(t)) return t;
  return t
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/([bcdgjkpst])h/g, '$1')
    .replace(/w/g, 'v')
    .replace(/([a-z])\1+/g, (run, letter: string) => (t.length >= 4 ? letter : run));
}

/** Splits on spaces, punctuation and symbols; Telugu letters and their signs stay together. */
function tokenize(text: string): string[] {
  return text.split(/[\s\p{P}\p{S}]+/u).filter((t) => t.length > 0);
}

function processTerm(term: string): string | null {
  const folded = foldTerm(term);
  if (folded.length < 2 || STOPWORDS.has(folded)) return null;
  return folded;
}

/**
 * How far a term may be misspelt: one edit in five letters, for Latin words of five letters or
 * more. Telugu words are matched exactly or by prefix: fuzzy matching on them cost ~40 times the
 * time of the whole search (each Telugu word is many code units) for no measured gain.
 */
function fuzziness(term: string): number | false {
  return term.length >= 5 && /^[a-z0-9]+$/.test(term) ? 1 : false;
}

export interface ServiceSearchOptions {
  /** How many times the second result's score the first must be to be taken without asking. */
  clearRatio: number;
  /** Distinct words of the request the first result must match to be taken without asking. */
  clearTerms: number;
  /** Results scoring below this share of the best are not offered. */
  minShareOfBest: number;
  /** Choices offered when no result is clear. */
  choices: number;
  /** Distinct words of a request that are searched; the rest is ignored (a long message costs no more). */
  maxTerms: number;
}

export const DEFAULT_SEARCH_OPTIONS: ServiceSearchOptions = { clearRatio: 1.6, clearTerms: 2, minShareOfBest: 0.25, choices: 3, maxTerms: 12 };

/** Fields that name a service; a match only in its description or department is weak. */
const STRONG_FIELDS = new Set(['title', 'keywords', 'romanised']);

interface ScoredMatch extends ServiceMatch {
  /** Distinct words of the request this service matched. */
  terms: number;
  /** Whether any matched in the service's title or keywords. */
  strong: boolean;
}

export class ServiceSearch {
  private readonly index: MiniSearch<IndexedService>;
  private readonly options: ServiceSearchOptions;

  constructor(
    private readonly catalog: ServiceCatalog,
    options: Partial<ServiceSearchOptions> = {},
  ) {
    this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    this.index = new MiniSearch<IndexedService>({
      fields: ['title', 'keywords', 'romanised', 'description', 'department'],
      storeFields: ['departmentId'],
      tokenize,
      processTerm,
      searchOptions: {
        boost: { title: 3, keywords: 3, romanised: 2.5, description: 1, department: 0.6 },
        fuzzy: (term) => fuzziness(term),
        prefix: (term) => term.length >= 4,
        combineWith: 'OR',
        maxFuzzy: 2,
        weights: { fuzzy: 0.6, prefix: 0.5 },
      },
    });
    this.index.addAll(catalog.services().map(({ department, service }) => indexed(department, service)));
  }

  /** The best matches, best first; `fuzzy: false` matches words exactly or by prefix only. */
  search(text: string, limit = 10, options: { fuzzy?: boolean } = {}): ScoredMatch[] {
    return this.searchTerms(this.termsOf(text), limit, options.fuzzy !== false);
  }

  /**
   * Each word of the request once, folded, at most maxTerms of them: repeating a word must not
   * make a match surer, and a long message must not cost more than a short one.
   */
  private termsOf(text: string): string[] {
    return [...new Set(tokenize(text.slice(0, 1000)).map(processTerm).filter((t): t is string => t !== null))].slice(0, this.options.maxTerms);
  }

  private searchTerms(terms: string[], limit: number, fuzzy: boolean): ScoredMatch[] {
    if (terms.length === 0) return [];
    return this.index
      // The terms are folded already; folding twice would strip a second Telugu ending.
      .search(terms.join(' '), { processTerm: (term: string) => term, ...(fuzzy ? {} : { fuzzy: false }) })
      .slice(0, limit)
      .map((r: SearchResult) => ({
        serviceId: String(r.id),
        departmentId: String(r.departmentId),
        score: r.score,
        terms: new Set(r.queryTerms).size,
        strong: Object.values(r.match).some((fields) => fields.some((f) => STRONG_FIELDS.has(f))),
      }));
  }

  /**
   * A citizen's message: a tapped menu row (`svc_<service id>`) goes to that
   * service; free text is searched; anything else (a photo, a stale row) is none.
   */
  routeMessage(message: { text?: unknown; reply?: { id?: unknown } | null }): ServiceRoute {
    const replyId = typeof message.reply?.id === 'string' ? message.reply.id : null;
    if (replyId !== null) {
      // A menu's rows carry their question's token ("<token>.svc_<id>"); a service row means that service whatever the question.
      const option = replyId.slice(replyId.indexOf('.') + 1);
      const chosen = option.startsWith(SERVICE_ROW_PREFIX) ? this.catalog.service(option.slice(SERVICE_ROW_PREFIX.length)) : undefined;
      return chosen ? { kind: 'service', match: { serviceId: chosen.service.id, departmentId: chosen.department.id, score: Infinity } } : { kind: 'none' };
    }
    return typeof message.text === 'string' && message.text.trim() !== '' ? this.route(message.text) : { kind: 'none' };
  }

  /**
   * Straight to a service when one stands out (two or more of the citizen's words in its name or
   * keywords, and well ahead of the next; or the only service the words name), else up to `choices`
   * to pick from, else none. One word shared by several services ("cancel", "money") never decides.
   */
  route(text: string): ServiceRoute {
    // Exact and prefix matching first: a tenth of the time of fuzzy matching, and enough for most
    // requests. Only a request it leaves unclear is searched again allowing misspellings.
    const terms = this.termsOf(text);
    const exact = this.decide(this.searchTerms(terms, 10, false));
    return exact.kind === 'service' ? exact : this.decide(this.searchTerms(terms, 10, true));
  }

  private decide(matches: ScoredMatch[]): ServiceRoute {
    // Only services named by the citizen's words count; one found by its description alone is not offered.
    const strong = matches.filter((m) => m.strong);
    const [first, second] = strong;
    if (!first) return { kind: 'none' };
    const aheadOfNext = !second || first.score >= second.score * this.options.clearRatio;
    // Two words of its name, well ahead; or the only service the words name at all.
    if ((first.terms >= this.options.clearTerms && aheadOfNext) || !second) return { kind: 'service', match: plain(first) };
    const offered = strong.filter((m) => m.score >= first.score * this.options.minShareOfBest);
    return { kind: 'choices', matches: offered.slice(0, this.options.choices).map(plain) };
  }
}

function plain(m: ScoredMatch): ServiceMatch {
  return { serviceId: m.serviceId, departmentId: m.departmentId, score: m.score };
}

function indexed(department: Department, service: Service): IndexedService {
  return {
    id: service.id,
    departmentId: department.id,
    title: `${service.title.en} ${service.title.te}`,
    keywords: [...service.keywords.en, ...service.keywords.te].join(' | '),
    romanised: service.keywords.romanised.join(' | '),
    description: `${service.description.en} ${service.description.te}`,
    department: `${department.title.en} ${department.title.te}`,
  };
}
