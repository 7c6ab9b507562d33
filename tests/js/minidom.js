// A minimal DOM for the SCORM runtime's tests under node: parses the HTML that
// engine/export_scorm.c writes (libxml2's HTML serializer: quoted attributes,
// void elements unclosed, every other element closed) into elements that have
// what the runtime uses: getAttribute, querySelector(All) with selectors of
// tag, .class, tag.class, descendants and comma lists, textContent, value,
// checked, hidden, parentNode, contains, getElementById, addEventListener.
// Not a general HTML parser: it throws on what it does not expect.
'use strict';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link',
	'meta', 'source', 'track', 'wbr']);

function decode(s) {
	return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos|nbsp);/g, (m, e) => {
		if (e[0] === '#')
			return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) :
				parseInt(e.slice(1), 10));
		return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' }[e];
	});
}

class Text {
	constructor(data) {
		this.data = data;
		this.parentNode = null;
	}
	get textContent() { return this.data; }
}

class Element {
	constructor(tag, attrs) {
		this.tagName = tag;
		this.attrs = attrs;
		this.children = [];
		this.parentNode = null;
		this.listeners = {};
		this.checked = 'checked' in attrs;
		if (tag === 'input' || tag === 'textarea')
			this._value = null;
	}
	getAttribute(name) { return name in this.attrs ? this.attrs[name] : null; }
	setAttribute(name, value) { this.attrs[name] = String(value); }
	removeAttribute(name) { delete this.attrs[name]; }
	get className() { return this.getAttribute('class') || ''; }
	set className(v) { this.setAttribute('class', v); }
	get hidden() { return 'hidden' in this.attrs; }
	set hidden(v) {
		if (v)
			this.attrs.hidden = 'hidden';
		else
			delete this.attrs.hidden;
	}
	get textContent() { return this.children.map((c) => c.textContent).join(''); }
	set textContent(v) {
		const t = new Text(String(v));
		t.parentNode = this;
		this.children = [t];
	}
	get value() {
		if (this.tagName === 'select') {
			const opts = this.querySelectorAll('option');
			const sel = opts.find((o) => o.selected) || opts[0];
			return sel ? sel.value : '';
		}
		if (this.tagName === 'textarea')
			return this._value !== null ? this._value : this.textContent;
		if (this.tagName === 'input')
			return this._value !== null ? this._value : (this.getAttribute('value') || '');
		if (this.tagName === 'option')
			return this.getAttribute('value') !== null ? this.getAttribute('value') :
				this.textContent;
		return undefined;
	}
	set value(v) {
		if (this.tagName === 'select') {
			this.querySelectorAll('option').forEach((o) => { o.selected = o.value === v; });
			return;
		}
		this._value = String(v);
	}
	get elements() { return this.descendants(); }
	descendants() {
		const out = [];
		const walk = (n) => {
			for (const c of n.children) {
				if (c instanceof Element) {
					out.push(c);
					walk(c);
				}
			}
		};
		walk(this);
		return out;
	}
	contains(n) {
		for (; n; n = n.parentNode)
			if (n === this)
				return true;
		return false;
	}
	querySelectorAll(sel) {
		const groups = sel.split(',').map((g) => g.trim().split(/\s+/).map(compound));
		return this.descendants().filter((el) => groups.some((g) => matches(el, g, this)));
	}
	querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
	addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
	dispatch(type) {
		const ev = { type, target: this, defaultPrevented: false,
			     preventDefault() { this.defaultPrevented = true; } };
		(this.listeners[type] || []).forEach((fn) => fn(ev));
		return ev;
	}
}

/* "tag.class.other" as {tag, classes} */
function compound(s) {
	const m = /^([a-z0-9]*)((?:\.[A-Za-z0-9_-]+)*)$/.exec(s);
	if (!m)
		throw new Error('minidom: selector not supported: ' + s);
	return { tag: m[1] || null, classes: m[2] ? m[2].slice(1).split('.') : [] };
}

function simple(el, c) {
	if (c.tag && el.tagName !== c.tag)
		return false;
	const have = el.className.split(/\s+/);
	return c.classes.every((k) => have.includes(k));
}

/* el matches the descendant chain parts (last part: el itself) within scope */
function matches(el, parts, scope) {
	if (!simple(el, parts[parts.length - 1]))
		return false;
	let k = parts.length - 2;
	for (let n = el.parentNode; k >= 0 && n && n !== scope; n = n.parentNode)
		if (n instanceof Element && simple(n, parts[k]))
			k--;
	return k < 0;
}

/* The document of html: {documentElement, body, getElementById, ...}. */
function parse(html) {
	const root = new Element('#document', {});
	let cur = root;
	const re = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/([a-zA-Z0-9]+)\s*>|<([a-zA-Z0-9]+)((?:\s+[^\s=>]+(?:="[^"]*"|='[^']*'|=[^\s>]+)?)*)\s*\/?>|[^<]+/g;
	let m;
	while ((m = re.exec(html)) !== null) {
		const tok = m[0];
		if (tok.startsWith('<!'))
			continue;
		if (m[1]) {
			const tag = m[1].toLowerCase();
			let n = cur;
			while (n !== root && n.tagName !== tag)
				n = n.parentNode;
			if (n === root)
				throw new Error('minidom: stray </' + tag + '>');
			cur = n.parentNode;
		} else if (m[2]) {
			const tag = m[2].toLowerCase(), attrs = {};
			const are = /([^\s=>]+)(?:="([^"]*)"|='([^']*)'|=([^\s>]+))?/g;
			let a;
			while ((a = are.exec(m[3] || '')) !== null)
				attrs[a[1].toLowerCase()] = decode(a[2] !== undefined ? a[2] :
					a[3] !== undefined ? a[3] : a[4] !== undefined ? a[4] : '');
			const el = new Element(tag, attrs);
			el.parentNode = cur;
			cur.children.push(el);
			if (tag === 'option')
				el.selected = 'selected' in attrs;
			if (!VOID.has(tag))
				cur = el;
		} else if (tok.startsWith('<')) {
			throw new Error('minidom: cannot read ' + tok.slice(0, 40));
		} else {
			const t = new Text(decode(tok));
			t.parentNode = cur;
			cur.children.push(t);
		}
	}
	const doc = root;
	doc.readyState = 'complete';
	doc.body = root.querySelector('body');
	doc.documentElement = root.querySelector('html');
	doc.getElementById = (id) => root.descendants().find((e) => e.getAttribute('id') === id) || null;
	return doc;
}

module.exports = { parse, Element };
