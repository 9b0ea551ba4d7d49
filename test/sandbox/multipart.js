'use strict';
/* Streaming multipart/form-data parser of the Kie SANDBOX (local test double, not Kie): part bodies are never buffered whole. */

const { Writable } = require('stream');

/**
 * A Writable that parses multipart/form-data without buffering part bodies.
 * handlers.onPart(headers, name, filename) returns a sink { write(buf): Promise|void, end(): Promise|void }.
 */
class MultipartParser extends Writable {
	constructor(boundary, handlers) {
		super();
		this.delim = Buffer.from(`\r\n--${boundary}`);
		this.buf = Buffer.from('\r\n'); // lets the first boundary match the same delimiter
		this.state = 'preamble';
		this.handlers = handlers;
		this.sink = null;
	}

	async _process(final) {
		for (;;) {
			if (this.state === 'done') {
				this.buf = Buffer.alloc(0);
				return;
			}
			if (this.state === 'preamble') {
				const i = this.buf.indexOf(this.delim);
				if (i < 0) {
					if (this.buf.length > this.delim.length) this.buf = this.buf.subarray(this.buf.length - this.delim.length);
					return;
				}
				this.buf = this.buf.subarray(i + this.delim.length);
				this.state = 'afterDelim';
			} else if (this.state === 'afterDelim') {
				// optional transport padding, then "--" (end) or CRLF (next part)
				let j = 0;
				while (j < this.buf.length && (this.buf[j] === 0x20 || this.buf[j] === 0x09)) j++;
				if (this.buf.length < j + 2) return;
				if (this.buf[j] === 0x2d && this.buf[j + 1] === 0x2d) {
					this.state = 'done';
					continue;
				}
				if (this.buf[j] === 0x0d && this.buf[j + 1] === 0x0a) {
					this.buf = this.buf.subarray(j + 2);
					this.state = 'headers';
					continue;
				}
				throw new Error('malformed multipart body (bad boundary line)');
			} else if (this.state === 'headers') {
				const i = this.buf.indexOf('\r\n\r\n');
				if (i < 0) {
					if (this.buf.length > 16 * 1024) throw new Error('multipart part headers too large');
					return;
				}
				const headers = {};
				for (const line of this.buf.subarray(0, i).toString('utf8').split('\r\n')) {
					const c = line.indexOf(':');
					if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
				}
				this.buf = this.buf.subarray(i + 4);
				const cd = headers['content-disposition'] || '';
				const nameM = /\bname="([^"]*)"/i.exec(cd) || /\bname=([^;\s]+)/i.exec(cd);
				const fnStar = /\bfilename\*=(?:UTF-8'[^']*')?([^;]+)/i.exec(cd);
				const fnM = /\bfilename="([^"]*)"/i.exec(cd) || /\bfilename=([^;\s]+)/i.exec(cd);
				let filename;
				if (fnStar) {
					try {
						filename = decodeURIComponent(fnStar[1].trim());
					} catch (e) {
						filename = fnStar[1].trim();
					}
				} else if (fnM) filename = fnM[1];
				this.sink = this.handlers.onPart(headers, nameM ? nameM[1] : '', filename);
				this.state = 'body';
			} else if (this.state === 'body') {
				const i = this.buf.indexOf(this.delim);
				if (i < 0) {
					const safe = this.buf.length - (this.delim.length - 1);
					if (safe > 0) {
						const part = this.buf.subarray(0, safe);
						this.buf = this.buf.subarray(safe);
						await this.sink.write(part);
					}
					if (final) throw new Error('unexpected end of multipart body');
					return;
				}
				if (i > 0) await this.sink.write(this.buf.subarray(0, i));
				this.buf = this.buf.subarray(i + this.delim.length);
				await this.sink.end();
				this.sink = null;
				this.state = 'afterDelim';
			}
		}
	}

	_write(chunk, enc, cb) {
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		this._process(false).then(() => cb(), cb);
	}

	_final(cb) {
		this._process(true).then(() => {
			if (this.state !== 'done') cb(new Error('unexpected end of multipart body'));
			else cb();
		}, cb);
	}
}

module.exports = { MultipartParser };
