import { expect } from 'chai';
import { escapeHtml, formatBytes, formatDuration, html, page, progressBar, query, raw, table } from '../common/web/html';
import { choice, optionalParam, param, statusOfFailure, WebError } from '../common/web/page-route';
import { statusPage } from '../common/web/status-page';
import { HadoopError } from '../common/errors';
import type { Request } from 'express';

describe('web pages: html', () => {
  it('escapes every interpolated value, arrays included, and leaves SafeHtml alone', () => {
    const evil = `<script>alert(1)</script>"'&`;
    expect(html`<p>${evil}</p>`.value).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</p>');
    expect(html`<a title="${evil}">${[evil, html`<b>${1}</b>`, null, undefined, false]}</a>`.value).to.equal(
      '<a title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;<b>1</b></a>',
    );
    expect(html`${raw('<svg/>')}`.value).to.equal('<svg/>');
    expect(escapeHtml('a&b')).to.equal('a&amp;b');
  });

  it('escapes page titles, table cells and headers', () => {
    const p = page({ title: '<i>t</i>', nav: [['/x?a=1&b=2', '<nav>']], body: table(['<h>'], [['<c>', html`<em>ok</em>`]]) });
    expect(p).to.include('<title>&lt;i&gt;t&lt;/i&gt;</title>');
    expect(p).to.include('<a href="/x?a=1&amp;b=2">&lt;nav&gt;</a>');
    expect(p).to.include('<th>&lt;h&gt;</th>');
    expect(p).to.include('<td>&lt;c&gt;</td><td><em>ok</em></td>');
    expect(p).to.include('data-live="false"');
    expect(p).to.not.include('<script>');
    expect(page({ title: 't', nav: [], body: '', live: true, refreshMs: 500 })).to.match(/data-live="true"[\s\S]*<script>[\s\S]*var every = 500;/);
  });

  it('encodes query values and clamps progress bars', () => {
    expect(query({ path: '/a b/<c>&d', n: 3 })).to.equal('path=%2Fa%20b%2F%3Cc%3E%26d&n=3');
    expect(progressBar(0.4567).value).to.include('width:45.7%');
    expect(progressBar(2).value).to.include('width:100%');
    expect(progressBar(-1).value).to.include('width:0%');
  });

  it('formats bytes and durations as Hadoop prints them', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).to.deep.equal(['0 B', '1023 B', '1.50 KB', '3.00 GB']);
    expect([formatDuration(450), formatDuration(3000), formatDuration(63000), formatDuration(3723000)]).to.deep.equal([
      '450ms',
      '3sec',
      '1mins, 3sec',
      '1hrs, 2mins, 3sec',
    ]);
  });

  it('shows a status object as tables, escaped', () => {
    const p = statusPage('DataNode <x>', { name: '<b>n</b>', capacity: 2048, volumes: [{ dir: '/d<1>', blocks: 3 }] }, [['/', 'DataNode']]);
    expect(p).to.include('<td data-key="name">&lt;b&gt;n&lt;/b&gt;</td>');
    expect(p).to.include('<td data-key="capacity">2.00 KB (2048)</td>');
    expect(p).to.include('<table id="volumes" class="grid"><thead><tr><th>dir</th><th>blocks</th></tr></thead><tbody><tr><td>/d&lt;1&gt;</td><td>3</td></tr></tbody></table>');
  });

  it('reads query parameters from anyone\'s browser only as single, bounded, checked strings', () => {
    const req = (q: Record<string, unknown>) => ({ query: q }) as unknown as Request;
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return [(e as WebError).status, (e as Error).message];
      }
      return null;
    };
    expect(param(req({ jobid: 'job_1_0001' }), 'jobid', /^job_\d+_\d+$/)).to.equal('job_1_0001');
    expect(refused(() => param(req({}), 'jobid'))).to.deep.equal([400, "Missing query parameter 'jobid'"]);
    expect(refused(() => param(req({ jobid: ['a', 'b'] }), 'jobid'))).to.deep.equal([400, "Query parameter 'jobid' must be given once, as a string"]);
    expect(refused(() => param(req({ jobid: '../x' }), 'jobid', /^job_/))).to.deep.equal([400, "Bad value for query parameter 'jobid': ../x"]);
    expect(refused(() => param(req({ p: 'x'.repeat(10001) }), 'p'))).to.deep.equal([400, "Query parameter 'p' is too long (10001 characters)"]);
    expect(optionalParam(req({}), 'path', '/')).to.equal('/');
    expect([choice(req({}), 'type', ['map', 'reduce'] as const), choice(req({ type: 'reduce' }), 'type', ['map', 'reduce'] as const)]).to.deep.equal(['map', 'reduce']);
    expect(refused(() => choice(req({ type: 'x' }), 'type', ['map', 'reduce'] as const))).to.deep.equal([400, "Query parameter 'type' must be one of map, reduce"]);
    expect([statusOfFailure(new WebError(404, 'x')), statusOfFailure(new HadoopError('FS_NOT_FOUND', 'x')), statusOfFailure(new HadoopError('FS_INVALID_ARGUMENT', 'x')), statusOfFailure(new Error('bug'))]).to.deep.equal([404, 404, 400, 500]);
  });
});
