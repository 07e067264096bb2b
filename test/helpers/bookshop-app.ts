import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * A small bookshop REST service written the way express apps are written, once, and run on either
 * express major: whatever differs between the two builds comes from express itself (query parser,
 * body parsers, mime types, the 'back' redirect, req.host), as a 4 → 5 migration meets it.
 */

/** Where the bookshop's static assets (a script and a stylesheet) live. */
export const BOOKSHOP_ASSETS = fileURLToPath(new URL('../fixtures/bookshop/', import.meta.url));

/** The part of a request the bookshop reads; both majors' requests have it. */
export interface BookshopRequest {
  readonly params: Record<string, string>;
  readonly query: unknown;
  readonly body: unknown;
  readonly host: string;
  readonly protocol: string;
  readonly baseUrl: string;
}

/** The part of a response the bookshop writes with. */
export interface BookshopResponse {
  status(code: number): BookshopResponse;
  json(body: unknown): unknown;
  location(url: string): BookshopResponse;
  redirect(url: string): void;
  sendStatus(code: number): unknown;
}

type Next = (error?: unknown) => void;
type Handler = (req: BookshopRequest, res: BookshopResponse, next: Next) => void;
type ErrorHandler = (error: unknown, req: BookshopRequest, res: BookshopResponse, next: Next) => void;

/** Routes as an app and a router both take them (method syntax: express's handler types differ between majors). */
export interface BookshopRoutes {
  get(path: string, ...handlers: Handler[]): unknown;
  post(path: string, ...handlers: Handler[]): unknown;
  patch(path: string, ...handlers: Handler[]): unknown;
  delete(path: string, ...handlers: Handler[]): unknown;
  use(...handlers: unknown[]): unknown;
}

export interface BookshopApp extends BookshopRoutes {
  (req: IncomingMessage, res: ServerResponse): void;
}

/** What the bookshop uses of the express module: `import express from 'express'` and `from 'express4'` both satisfy it. */
export interface ExpressMajor {
  (): BookshopApp;
  json(): unknown;
  urlencoded(): unknown;
  static(root: string): unknown;
  Router(options: { mergeParams: boolean }): BookshopRoutes;
}

interface Book {
  id: number;
  title: string;
  author: string;
  tags: string[];
  createdAt: string;
  borrowedFor?: number;
}

interface Review {
  book: number;
  stars: number;
  tags: string[];
  text: string;
}

interface Shelf {
  nextId: number;
  readonly books: Map<number, Book>;
  readonly reviews: Review[];
}

const PER_PAGE = 5;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const words = (value: unknown): string[] => (value === undefined ? [] : ([] as unknown[]).concat(value).map(String));

/** The bookshop, on the express major given. State is per user and lives as long as the app. */
export function createBookshopApp(express: ExpressMajor, assets: string = BOOKSHOP_ASSETS): BookshopApp {
  const shelves = new Map<string, Shelf>();
  const shelfOf = (req: BookshopRequest): Shelf => {
    const user = req.params.user ?? '';
    let shelf = shelves.get(user);
    if (!shelf) shelves.set(user, (shelf = { nextId: 1, books: new Map(), reviews: [] }));
    return shelf;
  };
  const bookOf = (req: BookshopRequest): Book => {
    const book = shelfOf(req).books.get(Number(req.params.id));
    if (!book) throw new HttpError(404, `no book ${req.params.id}`);
    return book;
  };
  const withLink = (req: BookshopRequest, book: Book) => ({ ...book, link: `${req.protocol}://${req.host}${req.baseUrl}/${book.id}` });

  const app = express();
  app.use(express.json());
  app.use(express.urlencoded());
  app.use('/static', express.static(assets));

  const books = express.Router({ mergeParams: true });
  books.get('/', (req, res) => {
    const { filter = {}, tags, page = '1' } = req.query as { filter?: { author?: string }; tags?: string | string[]; page?: string };
    const wanted = words(tags);
    const found = [...shelfOf(req).books.values()].filter((b) => (!filter.author || b.author === filter.author) && wanted.every((t) => b.tags.includes(t)));
    const pageNo = Math.max(1, Number(page) || 1);
    res.json({ page: pageNo, perPage: PER_PAGE, total: found.length, books: found.slice((pageNo - 1) * PER_PAGE, pageNo * PER_PAGE) });
  });
  books.post('/', (req, res) => {
    const { title, author, tags } = req.body as Partial<Book>;
    if (typeof title !== 'string' || title.trim() === '') throw new HttpError(400, 'title is required');
    const shelf = shelfOf(req);
    const book: Book = { id: shelf.nextId++, title, author: author ?? 'unknown', tags: words(tags), createdAt: new Date().toISOString() };
    shelf.books.set(book.id, book);
    res.status(201).location(`${req.baseUrl}/${book.id}`).json(withLink(req, book));
  });
  books.get('/:id', (req, res) => void res.json(withLink(req, bookOf(req))));
  books.patch('/:id', (req, res) => {
    const book = bookOf(req);
    const { title, author, tags } = req.body as Partial<Book>;
    if (title !== undefined) book.title = title;
    if (author !== undefined) book.author = author;
    if (tags !== undefined) book.tags = words(tags);
    res.json(withLink(req, book));
  });
  books.delete('/:id', (req, res) => {
    bookOf(req);
    shelfOf(req).books.delete(Number(req.params.id));
    res.sendStatus(204);
  });
  // Called with no body: the loan period defaults when none is asked for.
  books.post('/:id/borrow', (req, res) => {
    const book = bookOf(req);
    const { days = 14 } = req.body as { days?: number };
    book.borrowedFor = Number(days);
    res.json({ id: book.id, borrowed: true, days: book.borrowedFor });
  });
  app.use('/users/:user/books', books);

  const reviews = express.Router({ mergeParams: true });
  reviews.get('/', (req, res) => void res.json({ reviews: shelfOf(req).reviews }));
  // An HTML form posts here, and the reader goes back to the page the form was on.
  reviews.post('/', (req, res) => {
    const { book, stars, tags, text = '' } = req.body as { book?: string; stars?: string; tags?: string | string[]; text?: string };
    shelfOf(req).reviews.push({ book: Number(book), stars: Number(stars), tags: words(tags), text });
    res.redirect('back');
  });
  app.use('/users/:user/reviews', reviews);

  app.use((_req: BookshopRequest, res: BookshopResponse) => void res.status(404).json({ error: 'not found' }));
  // Errors of ours and body-parser's (malformed JSON: 400) carry a status; anything else is a bug.
  const onError: ErrorHandler = (error, _req, res, _next) => {
    const status = error instanceof Error && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    res.status(status).json({ error: status < 500 && error instanceof Error ? error.message : 'internal error' });
  };
  app.use(onError);
  return app;
}

