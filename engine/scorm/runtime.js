/*
 * tmdojo SCORM 1.2 runtime: one copy in every package tmdojo exports
 * (`tmdojo export scorm`), shared by the module pages. It finds the LMS's API
 * object, grades the quizzes of the page with tmdojo's rules, and reports the
 * score and status to the LMS. Without an LMS (a page opened from disk) the
 * page still works and says that progress is not recorded.
 *
 * The grading functions and the Session take plain objects, so that the tests
 * (tests/js/scorm_runtime_test.js, run by node) drive them without a browser.
 */
(function (root) {
	'use strict';

	var SUSPEND_MAX = 4096;   /* cmi.suspend_data is a CMIString4096 */

	/* ==== Finding the LMS ================================================= */

	/* The API object in win or one of its parents (at most 500 hops, as ADL's
	 * own example does); null when there is none or a frame cannot be read. */
	function scan(win) {
		var hops = 0;
		try {
			while (win && !win.API && win.parent && win.parent !== win && hops < 500) {
				hops++;
				win = win.parent;
			}
			return win && win.API ? win.API : null;
		} catch (e) {
			return null;   /* a frame of another origin */
		}
	}

	/* The window that opened win, or null (none, or one that cannot be read). */
	function openerOf(win) {
		try {
			return win && win.opener ? win.opener : null;
		} catch (e) {
			return null;
		}
	}

	/* The topmost window above win, or null when it cannot be read. */
	function topOf(win) {
		try {
			return win && win.top ? win.top : null;
		} catch (e) {
			return null;
		}
	}

	/* The parent chain first, then the window that opened this one (and its
	 * parents), then the window that opened the topmost one: LMSs launch SCOs
	 * in a frame, in a new window, or in a frame of a new window (where only
	 * the new window, the top, has an opener). */
	function findAPI(win) {
		var api = scan(win), top;
		if (!api && openerOf(win))
			api = scan(openerOf(win));
		top = topOf(win);
		if (!api && top && top !== win && openerOf(top))
			api = scan(openerOf(top));
		return api;
	}

	/* ==== Grading (tmdojo's rules, engine/quiz.c) =========================== */

	/* Case and blanks aside: what every comparison of texts starts from. */
	function normalize(s) {
		return String(s).toLowerCase().replace(/\s+/g, ' ').trim();
	}

	/*
	 * A short answer as the page compares it with an accepted or rejected one:
	 * normalize(), then without quotes or brackets around it and punctuation at
	 * its end ('"Elevation of privilege."'), and each word without a plural s
	 * ("privileges"; not after s: "access"). Variants tmdojo's grader, which
	 * reads stems and ignores punctuation, accepts too.
	 */
	function loose(s) {
		var t = normalize(s), before;
		do {
			before = t;
			t = t.replace(/^["'\u201c\u201d\u2018\u2019\u00ab\u00bb(\[]+\s*/, '')
				.replace(/\s*["'\u201c\u201d\u2018\u2019\u00ab\u00bb)\].!?;:,]+$/, '');
		} while (t !== before);
		return t.split(' ').map(function (w) {
			return w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w;
		}).join(' ');
	}

	/*
	 * Whether ans matches glob, a Moodle wildcard answer that a pattern of the
	 * question stands for (engine/wildcard.c): '*' any characters, "\*" a
	 * star, case and blanks aside, the whole answer, as tmdojo's pattern
	 * (^\s*...\s*$, caseless) matches it. A glob, not a regex: the page runs
	 * no author's regex.
	 */
	function wildcardMatch(glob, ans) {
		var parts = [''], s = normalize(ans), i, at;
		for (i = 0; i < glob.length; i++) {
			if (glob[i] === '\\' && glob[i + 1] === '*') {
				parts[parts.length - 1] += '*';
				i++;
			} else if (glob[i] === '*') {
				parts.push('');
			} else {
				parts[parts.length - 1] += glob[i];
			}
		}
		parts = parts.map(function (p) { return p.toLowerCase().replace(/\s+/g, ' '); });
		if (parts.length === 1)
			return s === parts[0];
		var last = parts[parts.length - 1];
		if (s.substr(0, parts[0].length) !== parts[0] || s.length < parts[0].length + last.length ||
		    s.substr(s.length - last.length) !== last)
			return false;
		/* leftmost for each middle part: a glob of stars only needs no backtracking */
		at = parts[0].length;
		var end = s.length - last.length;
		for (i = 1; i < parts.length - 1; i++) {
			var k = s.indexOf(parts[i], at);
			if (k < 0 || k + parts[i].length > end)
				return false;
			at = k + parts[i].length;
		}
		return true;
	}

	/* The short forms of an option's name: its first letter, and the initials
	 * of its words ("dos" of "denial of service"); none unless all are letters. */
	function shortForms(name) {
		var initials = normalize(name).split(/[\s-]+/).filter(function (w) {
			return w !== '';
		}).map(function (w) { return w[0]; }).join('');
		if (!/^[a-z]+$/.test(initials))
			return [];
		return initials.length > 1 ? [initials[0], initials] : [initials];
	}

	/*
	 * The distractor (the other options of a closed set, engine/quiz_distractor.c)
	 * that a short answer names as one item of a list of options, or -1: the
	 * answer, split at , ; : / ( ) and the words and, or, but, plus, is made
	 * of options only (accepted answers and distractors, case and blanks
	 * aside, or their short forms: "dos", "s"), one accepted and one a
	 * distractor. tmdojo refuses such a list however it matches ("spoofing,
	 * tampering, elevation of privilege", "EoP, S, T"); the page, which
	 * credits only an answer equal to an accepted one, never credits it
	 * either, and says why.
	 */
	function namedDistractor(q, ans) {
		var options = {}, named = -1, right = false, i;
		var items = normalize(ans).split(/\s*(?:[,;:\/()|]|\.(?:\s|$)|\b(?:and|or|but|plus)\b|&)\s*/);
		var distractors = q.distractors || [];
		for (i = 0; i < q.accept.length; i++)
			options[normalize(q.accept[i])] = -1;
		for (i = distractors.length - 1; i >= 0; i--)
			options[normalize(distractors[i])] = i;
		/* short forms after the names, an accepted answer's first: a letter
		 * both share is the answer's (engine/quiz_distractor.c is_short_form) */
		for (i = 0; i < q.accept.length + distractors.length; i++) {
			var name = i < q.accept.length ? q.accept[i] : distractors[i - q.accept.length];
			shortForms(name).forEach(function (form) {
				if (!Object.prototype.hasOwnProperty.call(options, form))
					options[form] = i < q.accept.length ? -1 : i - q.accept.length;
			});
		}
		items = items.filter(function (item) { return item !== ''; });
		for (i = 0; i < items.length; i++) {
			if (!Object.prototype.hasOwnProperty.call(options, items[i]))
				return -1;
			right = right || options[items[i]] < 0;
			if (options[items[i]] >= 0 && (named < 0 || options[items[i]] < named))
				named = options[items[i]];
		}
		return right ? named : -1;
	}

	/*
	 * A number as a person writes it, as tmdojo reads it (engine/quiz.c
	 * read_number_text, then strtod): a comma, space or underscore before
	 * exactly three digits groups thousands ("10,000"), one comma before other
	 * digits is a decimal comma ("9,5"), and an exponent may follow ("1e6",
	 * "2.5E-3"). Returns { v, end }: v is the number, NaN when there is none
	 * (or it is too big to be finite), or null when it reads more than one way
	 * ("9 0"); end is where the number ends in the trimmed text (readNumber
	 * returns v alone).
	 * Hexadecimal ("0x10", "-0x1p4"), which strtod would read, is NaN: tmdojo
	 * refuses it rather than read it as 0 and a unit, and so does the page.
	 */
	function scanNumber(text) {
		var s = String(text).trim(), out = '', i = 0, first = 0, groups = 0;
		var comma = false, decimal = false;
		var digit = function (c) { return c >= '0' && c <= '9'; };
		if (/^[+-]?0[xX]\.?[0-9a-fA-F]/.test(s))
			return { v: NaN, end: 0 };
		if (s[i] === '+' || s[i] === '-')
			out += s[i++];
		while (i < s.length && digit(s[i])) {
			out += s[i++];
			first++;
		}
		while (first > 0 && !decimal && (s[i] === ',' || s[i] === ' ' || s[i] === '_') &&
		       digit(s[i + 1] || '')) {
			var len = 0;
			while (digit(s[i + 1 + len] || ''))
				len++;
			if (len === 3 && groups === 0 && first > 3)
				return { v: null, end: 0 };
			if (len !== 3) {
				if (s[i] !== ',' || comma)
					return { v: null, end: 0 };
				decimal = true;
				out += '.';
			} else if (s[i] === ',') {
				comma = true;
			}
			out += s.substr(i + 1, len);
			i += 1 + len;
			groups++;
		}
		if (s[i] === '.' && digit(s[i + 1] || '')) {
			if (decimal)
				return { v: null, end: 0 };
			do {
				out += s[i++];
			} while (digit(s[i] || ''));
		} else if (s[i] === '.' && first > 0 && !decimal) {
			/* a full stop after the digits is the number's, as strtod reads
			 * "500.": what follows is the unit ("500. euros") */
			i++;
		}
		if ((s[i] === ',' || s[i] === ' ' || s[i] === '_') && first > 0 && digit(s[i + 1] || ''))
			return { v: null, end: 0 };
		/* strtod's exponent: e or E, a sign perhaps, then at least one digit */
		var exp = /^[eE][+-]?[0-9]+/.exec(s.substr(i));
		if (exp) {
			out += exp[0];
			i += exp[0].length;
		}
		var v = parseFloat(out);
		return { v: isFinite(v) ? v : NaN, end: i };
	}

	function readNumber(text) {
		return scanNumber(text).v;
	}

	/*
	 * Units around the number of a numeric answer, as tmdojo reads them
	 * (engine/quiz.c, unit_words): [text, kind, written before the number too].
	 * A question's unit of one of these kinds (or one that says "currency", any
	 * currency) makes a unit that contradicts it refused, before the number or
	 * after it; a hedge ("about") before the number is read as the number.
	 */
	var UNIT_WORDS = [['us dollars', 'usd', false], ['us$', 'usd', true], ['$', 'usd', true],
			  ['usd', 'usd', true], ['dollars', 'usd', false], ['dollar', 'usd', false],
			  ['\u20ac', 'eur', true], ['eur', 'eur', true], ['euros', 'eur', false],
			  ['euro', 'eur', false], ['\u00a3', 'gbp', true], ['gbp', 'gbp', true],
			  ['pounds', 'gbp', false], ['pound', 'gbp', false], ['%', 'percent', false],
			  ['per cent', 'percent', false], ['percent', 'percent', false],
			  ['pct', 'percent', false]];
	var HEDGE_WORDS = ['about', 'around', 'approximately', 'approx.', 'approx', 'roughly',
			   'circa', 'ca.', '~', '\u2248'];

	/* Length of word w at the start of s (case aside) when it is there whole, else 0.
	 * With runIn, a digit may follow a word ending in a letter (a code run into
	 * its number before it, "USD500": engine/quiz.c unit_word_at). */
	function wordAt(s, w, runIn) {
		if (s.substr(0, w.length).toLowerCase() !== w)
			return 0;
		if (/[a-z]$/.test(w) && (runIn ? /^[a-zA-Z]/ : /^[a-zA-Z0-9]/).test(s.substr(w.length)))
			return 0;
		return w.length;
	}

	/* The unit word at the start of s: { kind, rest } (rest without leading blanks),
	 * kind '' when there is none. */
	function unitAt(s, before) {
		for (var i = 0; i < UNIT_WORDS.length; i++) {
			var n = before && !UNIT_WORDS[i][2] ? 0 : wordAt(s, UNIT_WORDS[i][0], before);
			if (n > 0)
				return { kind: UNIT_WORDS[i][1], rest: s.substr(n).replace(/^\s+/, '') };
		}
		return { kind: '', rest: s };
	}

	function unitKind(unit) {
		if (unit === null || unit === undefined)
			return '';
		var u = unitAt(String(unit).trim(), false);
		if (u.kind !== '' && u.rest === '')
			return u.kind;
		return /currency/i.test(unit) ? 'currency' : '';
	}

	function unitFits(a, want) {
		return a === want || (want === 'currency' && a !== 'percent' && a !== '');
	}

	/* The answer from where its number starts, or null when the unit before the
	 * number contradicts the question's (want). A sign before the unit ("-$5")
	 * is the number's: it is put back before the number. */
	function beforeNumber(ans, want) {
		var s = String(ans).replace(/^\s+/, '');
		for (var i = 0; i < HEDGE_WORDS.length; i++) {
			var n = wordAt(s, HEDGE_WORDS[i]);
			if (n > 0) {
				s = s.substr(n).replace(/^\s+/, '');
				break;
			}
		}
		var sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
		var u = unitAt(s.substr(sign.length), true);
		if (u.kind === '')
			return s;
		return unitFits(u.kind, want) ? sign + u.rest : null;
	}

	/*
	 * Units of time after the number, as tmdojo reads them (engine/quiz.c,
	 * time_words and time_unit_contradicts()): [text, unit]. A question whose
	 * unit is one of them alone refuses another unit of time, a currency or a
	 * percentage after the number; one in a currency or a percentage refuses a
	 * unit of time there.
	 */
	var TIME_WORDS = [['milliseconds', 'ms'], ['millisecond', 'ms'], ['msecs', 'ms'],
			  ['msec', 'ms'], ['ms', 'ms'], ['seconds', 's'], ['second', 's'],
			  ['secs', 's'], ['sec', 's'], ['s', 's'], ['minutes', 'min'],
			  ['minute', 'min'], ['mins', 'min'], ['min', 'min'], ['hours', 'h'],
			  ['hour', 'h'], ['hrs', 'h'], ['hr', 'h'], ['h', 'h'], ['days', 'day'],
			  ['day', 'day']];

	/* The unit of time word at the start of s: { unit, rest }, unit '' when none. */
	function timeAt(s) {
		for (var i = 0; i < TIME_WORDS.length; i++) {
			var n = wordAt(s, TIME_WORDS[i][0]);
			if (n > 0)
				return { unit: TIME_WORDS[i][1], rest: s.substr(n).replace(/^\s+/, '') };
		}
		return { unit: '', rest: s };
	}

	function questionTime(unit) {
		if (unit === null || unit === undefined)
			return '';
		var t = timeAt(String(unit).trim());
		return t.rest === '' ? t.unit : '';
	}

	/* Whether rest, the text after the number, contradicts q's unit of time (or
	 * its currency or percentage with a unit of time). */
	function timeContradicts(q, rest) {
		var want = questionTime(q.unit), s = String(rest).replace(/^\s+/, '');
		var said = timeAt(s).unit;
		if (want !== '')
			return (said !== '' && said !== want) || unitAt(s, false).kind !== '';
		return said !== '' && unitKind(q.unit) !== '';
	}

	function unitDetail(q) {
		return q.unit ? 'answer with a number in ' + q.unit : 'answer with a number';
	}


	/* The question types grade() scores (see engine/export_scorm.c). */
	var SCORED_TYPES = { single: 1, multiple: 1, 'true-false': 1, short: 1, numeric: 1,
			     ordering: 1, matching: 1 };

	/*
	 * Whether the page scores q: threat lists, short answers with only patterns
	 * (which the page cannot check) and types it does not know are shown and
	 * not scored. grade() and a module's completion (boot) both ask this, so a
	 * module whose every question is unscored is completed at once.
	 */
	function isScored(q) {
		if (q.type === 'short')
			return (q.accept || []).length > 0 || (q.wildcards || []).length > 0;
		return Object.prototype.hasOwnProperty.call(SCORED_TYPES, q.type);
	}

	/*
	 * Grades one answer. q: {type, points, ...} as readQuestion() builds it;
	 * ans: as readAnswer() gives it (null: not answered; choices by the
	 * author's index, see choicesOf()). Returns {score, max, correct, scored,
	 * detail, refused}; detail says what to fix when the answer cannot be read
	 * (then score is 0); refused is the index of the short question's rejected
	 * answer that the answer is (case and blanks aside), else -1.
	 */
	function grade(q, ans) {
		var r = { score: 0, max: q.points, correct: false, scored: true, detail: '',
			  refused: -1 };
		var i, n;
		if (!isScored(q)) {
			r.scored = false;
			r.max = 0;
			return r;
		}
		if (ans === null || ans === undefined || ans === '' ||
		    (Array.isArray(ans) && ans.length === 0)) {
			r.detail = 'not answered';
			return r;
		}
		switch (q.type) {
		case 'single':
			r.correct = !!(q.choices[ans] && q.choices[ans].correct);
			break;
		case 'multiple': {
			var right = 0, wrong = 0, total = 0, picked = {};
			for (i = 0; i < ans.length; i++)
				picked[ans[i]] = true;
			for (i = 0; i < q.choices.length; i++) {
				total += q.choices[i].correct ? 1 : 0;
				if (picked[i] && q.choices[i].correct)
					right++;
				else if (picked[i])
					wrong++;
			}
			/* partial credit, floored at 0, as tmdojo gives it */
			var credit = right > wrong ? (right - wrong) / (total || 1) : 0;
			r.score = q.points * credit;
			r.correct = right === total && wrong === 0;
			r.detail = right + ' of ' + total + ' right choices picked, ' + wrong + ' wrong';
			return r;
		}
		case 'true-false':
			r.correct = (ans === 't') === q.answer;
			break;
		case 'short':
			for (i = 0; i < q.accept.length && !r.correct; i++)
				r.correct = loose(ans) === loose(q.accept[i]);
			/* the short forms of accepted answers that tmdojo credits ("EoP",
			 * through its lexicon), as the export found them */
			for (i = 0; i < (q.shortForms || []).length && !r.correct; i++)
				r.correct = loose(ans) === normalize(q.shortForms[i]);
			/* a rejected answer is never an accepted one: wrong already */
			for (i = 0; i < (q.reject || []).length && !r.correct && r.refused < 0; i++) {
				if (loose(ans) === loose(q.reject[i])) {
					r.refused = i;
					r.detail = "like the refused answer '" + q.reject[i] + "'";
				}
			}
			/* a wildcard pattern, unless the answer is a rejected one (tmdojo
			 * refuses an answer as like a rejected answer as a pattern match) */
			for (i = 0; i < (q.wildcards || []).length && !r.correct && r.refused < 0; i++)
				r.correct = wildcardMatch(q.wildcards[i], ans);
			/* a list of options, one a distractor: wrong already, say why */
			n = r.correct || r.refused >= 0 ? -1 : namedDistractor(q, ans);
			if (n >= 0)
				r.detail = "it names '" + q.distractors[n] + "' as well: give one answer, " +
					'the one that fits';
			break;
		case 'numeric': {
			var want = unitKind(q.unit), num = beforeNumber(ans, want);
			if (num === null) {
				r.detail = unitDetail(q);
				return r;
			}
			var scan = scanNumber(num), v = scan.v;
			if (v === null) {
				r.detail = 'give one number, such as 9.5 or 10,000: this answer can be read ' +
					'more than one way';
				return r;
			}
			if (isNaN(v)) {
				r.detail = 'answer with a number';
				return r;
			}
			/* a unit after the number that contradicts the question's */
			var after = unitAt(num.trim().substr(scan.end).replace(/^\s+/, ''), false).kind;
			if (want !== '' && after !== '' && !unitFits(after, want)) {
				r.detail = unitDetail(q);
				return r;
			}
			if (timeContradicts(q, num.trim().substr(scan.end))) {
				r.detail = unitDetail(q);
				return r;
			}
			r.correct = Math.abs(v - q.number) <=
				q.tolerance + 1e-9 * Math.max(1, Math.abs(q.number));
			break;
		}
		case 'ordering': {
			/* ans[k]: the position picked for the k-th item shown */
			var seen = {}, inPlace = 0;
			n = q.positions.length;
			for (i = 0; i < n; i++) {
				if (typeof ans[i] !== 'number' || seen[ans[i]]) {
					r.detail = 'give every item a different position';
					return r;
				}
				seen[ans[i]] = true;
				inPlace += ans[i] === q.positions[i] ? 1 : 0;
			}
			r.score = q.points * inPlace / n;
			r.correct = inPlace === n;
			r.detail = inPlace + ' of ' + n + ' in the right place';
			return r;
		}
		case 'matching': {
			/* ans[i]: the option picked for left i */
			var ok = 0;
			n = q.rights.length;
			for (i = 0; i < n; i++) {
				if (typeof ans[i] !== 'number') {
					r.detail = 'pick an option for every item';
					return r;
				}
				ok += ans[i] === q.rights[i] ? 1 : 0;
			}
			r.score = q.points * ok / n;
			r.correct = ok === n;
			r.detail = ok + ' of ' + n + ' pairs right';
			return r;
		}
		default:
			r.scored = false;
			r.max = 0;
			return r;
		}
		r.score = r.correct ? q.points : 0;
		return r;
	}

	/* Percent of the points of scored questions; null when none is scored. */
	function percent(results) {
		var got = 0, max = 0;
		for (var i = 0; i < results.length; i++) {
			if (results[i] && results[i].scored) {
				got += results[i].score;
				max += results[i].max;
			}
		}
		return max > 0 ? Math.round(got / max * 10000) / 100 : null;
	}

	/* ==== Suspend data ========================================================= */

	/*
	 * The learner's answers, the quizzes checked and the best score as JSON of
	 * at most SUSPEND_MAX characters: when too long, the longest typed answers
	 * (threat lists first, being the longest) are cut, and past that only the
	 * score is kept.
	 */
	function encodeState(state) {
		var copy = { v: 1, a: (state.a || []).slice(), k: state.k || '', b: state.b };
		var s = JSON.stringify(copy);
		while (s.length > SUSPEND_MAX) {
			var longest = -1;
			for (var i = 0; i < copy.a.length; i++) {
				if (typeof copy.a[i] === 'string' && copy.a[i].length > 0 &&
				    (longest < 0 || copy.a[i].length > copy.a[longest].length))
					longest = i;
			}
			if (longest < 0)
				return JSON.stringify({ v: 1, a: [], k: '', b: state.b });
			var cut = Math.max(1, s.length - SUSPEND_MAX);
			copy.a[longest] = copy.a[longest].substr(0, Math.max(0, copy.a[longest].length - cut));
			s = JSON.stringify(copy);
		}
		return s;
	}

	/* The state encodeState() wrote, or an empty one for anything else. */
	function decodeState(text) {
		try {
			var st = JSON.parse(text);
			if (st && st.v === 1 && Array.isArray(st.a))
				return { a: st.a, k: typeof st.k === 'string' ? st.k : '',
					 b: typeof st.b === 'number' ? st.b : null };
		} catch (e) {
			/* not ours, or empty: start afresh */
		}
		return { a: [], k: '', b: null };
	}

	/* ==== The SCORM session ===================================================== */

	/* CMITimespan: HH:MM:SS (hours of two digits or more). */
	function timespan(ms) {
		var t = Math.max(0, Math.floor(ms / 1000));
		var pad = function (x) { return (x < 10 ? '0' : '') + x; };
		return pad(Math.min(9999, Math.floor(t / 3600))) + ':' + pad(Math.floor(t / 60) % 60) +
			':' + pad(t % 60);
	}

	/*
	 * One SCO's conversation with the LMS. api: the LMS's API object, or null
	 * (then every call is skipped and lms is false). opts: {pass: percent,
	 * scored: whether the page has scored questions, now: clock for tests}.
	 */
	function Session(api, opts) {
		this.api = api;
		this.pass = opts.pass;
		this.scored = opts.scored;
		this.now = opts.now || function () { return Date.now(); };
		this.started = this.now();
		this.lms = false;
		this.finished = false;
		this.status = 'not attempted';
		this.state = { a: [], k: '', b: null };
		this.held = {};       /* what the LMS holds: read back, or written since */
		this.dirty = false;   /* written since the last LMSCommit */
	}

	Session.prototype.get = function (name) {
		if (!this.lms)
			return '';
		var v = String(this.api.LMSGetValue(name));
		this.held[name] = v;
		return v;
	};
	/* Writes a value the LMS does not hold already: a page visited again with
	 * nothing new to record writes nothing (LMSs log and rate-limit calls). */
	Session.prototype.set = function (name, value) {
		value = String(value);
		if (!this.lms || this.held[name] === value)
			return;
		/* a refused value is not held: the next set tries it again */
		if (String(this.api.LMSSetValue(name, value)) === 'true')
			this.held[name] = value;
		this.dirty = true;
	};
	/* LMSCommit when something was written since the last one. */
	Session.prototype.commit = function () {
		if (this.lms && this.dirty) {
			this.api.LMSCommit('');
			this.dirty = false;
		}
	};

	/*
	 * The pass mark the LMS holds (cmi.student_data.mastery_score: the
	 * manifest's adlcp:masteryscore, or what an administrator set in its
	 * place), or fallback (the export's --pass) when it holds none (an empty
	 * value, or an LMS without the element). The LMS judges passed or failed
	 * by its own mastery score, so the page does too.
	 */
	function masteryScore(text, fallback) {
		var v = String(text).trim();
		if (!/^[0-9]+(\.[0-9]+)?$/.test(v) || parseFloat(v) > 100)
			return fallback;
		return parseFloat(v);
	}

	/* LMSInitialize; sets the status to incomplete on a first visit (completed
	 * at once for a page without scored questions) and reads back the saved
	 * state. Returns whether an LMS records this session. */
	Session.prototype.start = function () {
		if (this.api) {
			try {
				this.lms = String(this.api.LMSInitialize('')) === 'true';
			} catch (e) {
				this.lms = false;
			}
		}
		if (!this.lms)
			return false;
		this.status = this.get('cmi.core.lesson_status');
		this.state = decodeState(this.get('cmi.suspend_data'));
		this.pass = masteryScore(this.get('cmi.student_data.mastery_score'), this.pass);
		/* read so that record() rewrites them only when they change */
		this.get('cmi.core.score.min');
		this.get('cmi.core.score.max');
		this.get('cmi.core.score.raw');
		if (!this.scored) {
			this.status = 'completed';
		} else if (this.status !== 'passed' && this.status !== 'failed' &&
			   this.status !== 'completed') {
			this.status = 'incomplete';
		}
		this.set('cmi.core.lesson_status', this.status);
		this.commit();
		return true;
	};

	/*
	 * Records a result: pct (0..100) of the scored questions once every quiz of
	 * the page is checked (done), else the score so far. The best score counts:
	 * a later, lower try never takes a pass away.
	 */
	Session.prototype.record = function (pct, done) {
		if (pct !== null && (this.state.b === null || pct > this.state.b))
			this.state.b = pct;
		var best = this.state.b;
		if (best !== null) {
			this.set('cmi.core.score.min', '0');
			this.set('cmi.core.score.max', '100');
			this.set('cmi.core.score.raw', String(best));
		}
		if (this.scored && done && best !== null)
			this.status = best >= this.pass ? 'passed' : 'failed';
		this.set('cmi.core.lesson_status', this.status);
		this.set('cmi.suspend_data', encodeState(this.state));
		this.commit();
		return this.status;
	};

	/* Saves the state, the session time and the exit mode, then LMSCommit and
	 * LMSFinish; once only (pagehide and unload both call it). After it no
	 * call reaches the LMS (it would refuse them) until resume() starts a new
	 * session. */
	Session.prototype.finish = function () {
		if (!this.lms || this.finished)
			return;
		var done = this.status === 'passed' || this.status === 'completed';
		this.set('cmi.suspend_data', encodeState(this.state));
		this.set('cmi.core.session_time', timespan(this.now() - this.started));
		this.set('cmi.core.exit', done ? '' : 'suspend');
		this.commit();
		this.api.LMSFinish('');
		this.finished = true;
		this.lms = false;
	};

	/*
	 * A page shown again after finish() (restored from the browser's cache):
	 * LMSInitialize again, as some LMSs allow, and read the state back.
	 * Returns whether the LMS records the page again; when it does not, the
	 * page still grades but nothing reaches the LMS. A session never
	 * finished is left as it is (returns whether it records).
	 */
	Session.prototype.resume = function () {
		if (!this.finished)
			return this.lms;
		this.finished = false;
		this.held = {};
		this.dirty = false;
		this.started = this.now();
		return this.start();
	};

	/* ==== The page ================================================================= */

	function all(node, sel) {
		return Array.prototype.slice.call(node.querySelectorAll(sel));
	}

	/*
	 * The choices of a single or multiple choice question, indexed by the
	 * author's index: each input's value is its choice's place in the course
	 * file (export_scorm.c:choice_inputs), whatever place the shuffled page
	 * shows it in. grade(), readAnswer(), writeAnswer() and the suspend data
	 * all name a choice by that index, never by its place on the page.
	 * inputs: [{value, correct}] as the inputs' attributes give them (value a
	 * string, correct whether data-correct="1"), in page order.
	 */
	function choicesOf(inputs) {
		var choices = [], i;
		for (i = 0; i < inputs.length; i++) {
			var index = parseInt(inputs[i].value, 10);
			if (index >= 0)
				choices[index] = { correct: !!inputs[i].correct };
		}
		for (i = 0; i < choices.length; i++)
			choices[i] = choices[i] || { correct: false };
		return choices;
	}

	/* The question model from its fieldset (see engine/export_scorm.c). */
	function readQuestion(fs) {
		var q = { type: fs.getAttribute('data-type'),
			  points: parseFloat(fs.getAttribute('data-points')) || 1, node: fs };
		q.choices = choicesOf(all(fs, 'input.tm-choice').map(function (c) {
			return { value: c.getAttribute('value'),
				 correct: c.getAttribute('data-correct') === '1' };
		}));
		q.answer = fs.getAttribute('data-answer') === 'true';
		q.accept = all(fs, '.tm-accept li').map(function (li) { return li.textContent; });
		q.reject = all(fs, '.tm-reject li').map(function (li) { return li.textContent; });
		q.distractors = all(fs, '.tm-distractor li').map(function (li) { return li.textContent; });
		q.wildcards = all(fs, '.tm-wildcard li').map(function (li) { return li.textContent; });
		q.shortForms = all(fs, '.tm-short li').map(function (li) { return li.textContent; });
		q.number = parseFloat(fs.getAttribute('data-number'));
		q.tolerance = parseFloat(fs.getAttribute('data-tolerance')) || 0;
		var units = all(fs, '.tm-unit');
		q.unit = units.length > 0 ? units[0].textContent : null;
		q.positions = all(fs, 'select.tm-pos').map(function (s) {
			return parseInt(s.getAttribute('data-pos'), 10);
		});
		q.rights = all(fs, 'select.tm-match').map(function (s) {
			return parseInt(s.getAttribute('data-right'), 10);
		});
		return q;
	}

	/* What the learner gave, in the compact form suspend data keeps. */
	function readAnswer(q) {
		var fs = q.node, v;
		switch (q.type) {
		case 'single':
			v = all(fs, 'input.tm-choice').filter(function (c) { return c.checked; });
			return v.length ? parseInt(v[0].value, 10) : null;
		case 'multiple':
			return all(fs, 'input.tm-choice').filter(function (c) { return c.checked; })
				.map(function (c) { return parseInt(c.value, 10); });
		case 'true-false':
			v = all(fs, 'input.tm-tf').filter(function (c) { return c.checked; });
			return v.length ? v[0].value : null;
		case 'ordering':
		case 'matching':
			return all(fs, 'select').map(function (s) {
				return s.value === '' ? null : parseInt(s.value, 10);
			});
		default:
			v = fs.querySelector('.tm-text');
			return v ? v.value : null;
		}
	}

	/* Puts a saved answer back into the form. */
	function writeAnswer(q, ans) {
		var fs = q.node;
		if (ans === null || ans === undefined)
			return;
		switch (q.type) {
		case 'single':
		case 'multiple': {
			var set = [].concat(ans);
			all(fs, 'input.tm-choice').forEach(function (c) {
				c.checked = set.indexOf(parseInt(c.value, 10)) >= 0;
			});
			break;
		}
		case 'true-false':
			all(fs, 'input.tm-tf').forEach(function (c) { c.checked = c.value === ans; });
			break;
		case 'ordering':
		case 'matching':
			all(fs, 'select').forEach(function (s, i) {
				s.value = typeof ans[i] === 'number' ? String(ans[i]) : '';
			});
			break;
		default: {
			var t = fs.querySelector('.tm-text');
			if (t)
				t.value = String(ans);
		}
		}
	}

	/* Shows a question's verdict, feedback and explanation. */
	function showResult(q, r, ans) {
		var fs = q.node, out = fs.querySelector('.tm-result');
		var text;
		if (!r.scored)
			text = q.type === 'threat-list' ?
				'Not scored: compare your list with the reference threats below.' :
				'Not scored: compare your answer with the explanation below.';
		else if (r.correct)
			text = 'Correct.';
		else if (r.score > 0)
			text = 'Partly right: ' + r.detail + '.';
		else
			text = 'Not quite' + (r.detail ? ' (' + r.detail + ')' : '') + '.';
		if (out)
			out.textContent = text;
		/* a rejected answer's own feedback replaces the incorrect feedback */
		var own = all(fs, '.tm-fb-reject').filter(function (n) {
			return r.refused >= 0 && n.getAttribute('data-reject') === String(r.refused);
		});
		all(fs, '.tm-fb-reject').forEach(function (n) { n.hidden = own.indexOf(n) < 0; });
		all(fs, '.tm-fb-correct').forEach(function (n) { n.hidden = !(r.scored && r.correct); });
		all(fs, '.tm-fb-incorrect').forEach(function (n) {
			n.hidden = !(r.scored && !r.correct) || own.length > 0;
		});
		all(fs, 'input.tm-choice').forEach(function (c) {
			var fb = c.parentNode.querySelector('.tm-choice-fb');
			if (fb)
				fb.hidden = !c.checked;
		});
		all(fs, '.tm-explain, .tm-reference').forEach(function (n) { n.hidden = false; });
		return ans;
	}

	function boot(win, doc) {
		var body = doc.body;
		var pass = parseFloat(body.getAttribute('data-pass'));
		var quizzes = all(doc, 'form.tm-quiz');
		var questions = all(doc, 'fieldset.tm-q').map(readQuestion);
		var scored = questions.some(isScored);
		var session = new Session(findAPI(win), { pass: isNaN(pass) ? 80 : pass, scored: scored });
		var banner = doc.getElementById('tm-lms');
		var results = [];
		function say(recorded, again) {
			if (!banner)
				return;
			banner.textContent = recorded ?
				'Your learning system records your progress on this page.' :
				again ? 'You left this page and came back: your progress on it is no ' +
					'longer recorded. Open the page again from your course to record it.' :
				'No learning system found: this page works, but your progress is not recorded.';
			banner.className = recorded ? 'tm-lms' : 'tm-lms tm-offline';
		}
		say(session.start(), false);
		questions.forEach(function (q, i) { writeAnswer(q, session.state.a[i]); });
		/* the quizzes checked in an earlier visit show their verdicts again */
		var checked = session.state.k.split('');
		function check(qi) {
			var form = quizzes[qi];
			questions.forEach(function (q, i) {
				if (!form.contains(q.node))
					return;
				var ans = readAnswer(q);
				session.state.a[i] = ans;
				results[i] = grade(q, ans);
				showResult(q, results[i], ans);
			});
			checked[qi] = '1';
			session.state.k = quizzes.map(function (f, k) {
				return checked[k] === '1' ? '1' : '0';
			}).join('');
			var done = quizzes.every(function (f, k) { return checked[k] === '1'; });
			var pct = percent(results.concat(questions.map(function (q, i) {
				/* unchecked questions count as unanswered */
				return results[i] ? null : grade(q, null);
			})));
			session.record(pct, done);
			var out = form.querySelector('.tm-score');
			if (out) {
				out.textContent = (pct === null ? 'Checked.' : 'Score on this page: ' + pct +
					'% (pass mark ' + session.pass + '%).') +
					(done && scored ? ' Status: ' + session.status + '.' : '');
			}
		}
		quizzes.forEach(function (form, qi) {
			form.addEventListener('submit', function (ev) {
				ev.preventDefault();
				check(qi);
			});
		});
		checked.forEach(function (c, qi) {
			if (c === '1' && quizzes[qi])
				check(qi);
		});
		/* not on beforeunload: it also fires when the learner stays (the
		 * LMS's "Leave this page?" answered Stay), and then every later check
		 * would call the LMS after LMSFinish. What the learner typed or
		 * picked since the last check is saved too (the next visit puts it
		 * back), unchecked and ungraded: a threat list written but not yet
		 * checked was lost on leaving. */
		var leave = function () {
			questions.forEach(function (q, i) { session.state.a[i] = readAnswer(q); });
			session.finish();
		};
		win.addEventListener('pagehide', leave);
		win.addEventListener('unload', leave);
		win.addEventListener('pageshow', function (ev) {
			if (ev && ev.persisted && session.finished)
				say(session.resume(), true);
		});
		return session;
	}

	var api = { findAPI: findAPI, isScored: isScored, grade: grade, percent: percent, readNumber: readNumber,
		    normalize: normalize, loose: loose, wildcardMatch: wildcardMatch, encodeState: encodeState, decodeState: decodeState,
		    timespan: timespan, Session: Session, SUSPEND_MAX: SUSPEND_MAX,
		    choicesOf: choicesOf, readQuestion: readQuestion, readAnswer: readAnswer,
		    boot: boot };
	if (typeof module === 'object' && module.exports) {
		module.exports = api;
	} else if (root && root.document) {
		root.tmdojoScorm = api;
		if (root.document.readyState === 'loading')
			root.document.addEventListener('DOMContentLoaded', function () {
				boot(root, root.document);
			});
		else
			boot(root, root.document);
	}
})(typeof window !== 'undefined' ? window : null);
