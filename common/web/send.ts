import type { Response } from 'express';

/** Answers with a page; never cached, since every page shows live state. */
export function sendHtml(res: Response, body: string, status = 200): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(body);
}

/** Answers with an SVG picture (the job timeline), for a link or an <img>. */
export function sendSvg(res: Response, svg: string): void {
  res.status(200).type('image/svg+xml').set('Cache-Control', 'no-store').send(svg);
}
