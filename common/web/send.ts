import type { Express, Response } from 'express';

/** Answers with a page; never cached, since every page shows live state. */
export function sendHtml(res: Response, body: string, status = 200): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(body);
}

/** Answers with an SVG picture (the job timeline), for a link or an <img>. */
export function sendSvg(res: Response, svg: string): void {
  res.status(200).type('image/svg+xml').set('Cache-Control', 'no-store').send(svg);
}

/** Browsers ask every new site for /favicon.ico; an empty answer keeps that out of the error log and the console. */
export function noFavicon(app: Express): void {
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
}
