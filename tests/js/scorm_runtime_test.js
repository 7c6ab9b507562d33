// The SCORM runtime (engine/scorm/runtime.js) under node: tmdojo's grading
// rules per question type, the API search, and the SCORM calls a module page
// makes against a fake LMS API, suspend data within 4096 characters.
// Run by tests/e2e/export_scorm_js.sh; prints "N passed, N failed".
'use strict';
const assert = require('assert');
const path = require('path');
const rt = require(path.join(process.env.TMDOJO_SRC || '.', 'engine/scorm/runtime.js'));

let passed = 0, failed = 0;
function test(name, fn) {
	try {
		fn();
		passed++;
	} catch (e) {
		failed++;
		console.log('FAIL: ' + name + ': ' + e.message);
	}
}

/*
 * A strict SCORM 1.2 LMS API, as a conformant LMS behaves: it refuses (returns
 * "false" or "", and says why in LMSGetLastError) an element that is not in
 * SCORM 1.2's cmi data model (401: "cmi.core.suspend_data" is not one, the
 * element is "cmi.suspend_data"), one read or written against its access (403
 * read-only, 404 write-only), a value out of its vocabulary (405), and every
 * call before LMSInitialize or after LMSFinish (301). opts.reinit: whether
 * LMSInitialize works again after LMSFinish (as Moodle's does); true unless
 * false. api.refused lists every refused call, and each test checks it is empty.
 */
const CMI = {   /* element: [readable, writable, valid value] */
	'cmi.core._children': [true, false],
	'cmi.core.student_id': [true, false],
	'cmi.core.student_name': [true, false],
	'cmi.core.lesson_location': [true, true, (v) => v.length <= 255],
	'cmi.core.credit': [true, false],
	'cmi.core.lesson_status': [true, true, (v) =>
		['passed', 'completed', 'failed', 'incomplete', 'browsed'].includes(v)],
	'cmi.core.entry': [true, false],
	'cmi.core.score._children': [true, false],
	'cmi.core.score.raw': [true, true, (v) => v === '' || /^-?[0-9]+(\.[0-9]+)?$/.test(v)],
	'cmi.core.score.min': [true, true, (v) => v === '' || /^-?[0-9]+(\.[0-9]+)?$/.test(v)],
	'cmi.core.score.max': [true, true, (v) => v === '' || /^-?[0-9]+(\.[0-9]+)?$/.test(v)],
	'cmi.core.total_time': [true, false],
	'cmi.core.lesson_mode': [true, false],
	'cmi.core.exit': [false, true, (v) => ['', 'time-out', 'suspend', 'logout'].includes(v)],
	'cmi.core.session_time': [false, true, (v) => /^[0-9]{2,4}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,2})?$/.test(v)],
	'cmi.suspend_data': [true, true, (v) => v.length <= 4096],
	'cmi.launch_data': [true, false],
	'cmi.student_data.mastery_score': [true, false],
	'cmi.comments': [true, true, (v) => v.length <= 4096],
	'cmi.comments_from_lms': [true, false],
};
function fakeAPI(stored, opts) {
	const reinit = !opts || opts.reinit !== false;
	const api = { calls: [], refused: [], values: Object.assign({}, stored || {}),
		      state: 'new', error: '0' };
	const refuse = (call, code, fail) => {
		api.refused.push(call.concat([code]));
		api.error = code;
		return fail;
	};
	const open = (call, fail) => {
		if (api.state === 'running')
			return true;
		refuse(call, '301', fail);
		return false;
	};
	api.LMSInitialize = (a) => {
		const call = ['LMSInitialize', a];
		api.calls.push(call);
		if (a !== '')
			return refuse(call, '201', 'false');
		if (api.state === 'running' || (api.state === 'finished' && !reinit))
			return refuse(call, '101', 'false');
		api.state = 'running';
		api.error = '0';
		return 'true';
	};
	api.LMSGetValue = (k) => {
		const call = ['LMSGetValue', k];
		api.calls.push(call);
		if (!open(call, ''))
			return '';
		if (!Object.prototype.hasOwnProperty.call(CMI, k))
			return refuse(call, '401', '');
		if (!CMI[k][0])
			return refuse(call, '404', '');
		api.error = '0';
		return api.values[k] || '';
	};
	api.LMSSetValue = (k, v) => {
		assert.strictEqual(typeof v, 'string');
		const call = ['LMSSetValue', k, v];
		api.calls.push(call);
		if (!open(call, 'false'))
			return 'false';
		if (!Object.prototype.hasOwnProperty.call(CMI, k))
			return refuse(call, '401', 'false');
		if (!CMI[k][1])
			return refuse(call, '403', 'false');
		if (!CMI[k][2](v))
			return refuse(call, '405', 'false');
		api.values[k] = v;
		api.error = '0';
		return 'true';
	};
	api.LMSCommit = (a) => {
		const call = ['LMSCommit', a];
		api.calls.push(call);
		if (!open(call, 'false'))
			return 'false';
		api.error = '0';
		return 'true';
	};
	api.LMSFinish = (a) => {
		const call = ['LMSFinish', a];
		api.calls.push(call);
		if (!open(call, 'false'))
			return 'false';
		api.state = 'finished';
		api.error = '0';
		return 'true';
	};
	api.LMSGetLastError = () => api.error;
	api.LMSGetErrorString = (c) => 'error ' + c;
	api.LMSGetDiagnostic = (c) => 'error ' + (c || api.error);
	return api;
}
/* No call the strict API refused (a wrong element name, a call out of session). */
function noRefusals(api) {
	assert.deepStrictEqual(api.refused, [], 'the LMS refused: ' + JSON.stringify(api.refused));
}

test('the strict fake API refuses what a conformant LMS refuses', () => {
	const api = fakeAPI();
	assert.strictEqual(api.LMSSetValue('cmi.suspend_data', 'x'), 'false');
	assert.strictEqual(api.LMSGetLastError(), '301');
	assert.strictEqual(api.LMSInitialize(''), 'true');
	assert.strictEqual(api.LMSSetValue('cmi.core.suspend_data', 'x'), 'false');
	assert.strictEqual(api.LMSGetLastError(), '401');
	assert.strictEqual(api.LMSSetValue('cmi.suspend_data', 'x'), 'true');
	assert.strictEqual(api.LMSGetValue('cmi.suspend_data'), 'x');
	assert.strictEqual(api.LMSGetValue('cmi.core.exit'), '');
	assert.strictEqual(api.LMSGetLastError(), '404');
	assert.strictEqual(api.LMSSetValue('cmi.core.lesson_status', 'done'), 'false');
	assert.strictEqual(api.LMSGetLastError(), '405');
	assert.strictEqual(api.LMSFinish(''), 'true');
	assert.strictEqual(api.LMSCommit(''), 'false');
	assert.strictEqual(api.LMSGetLastError(), '301');
	assert.strictEqual(api.refused.length, 5);
});

const single = { type: 'single', points: 1, choices: [{ correct: false }, { correct: true }] };
const multiple = { type: 'multiple', points: 2,
		   choices: [{ correct: true }, { correct: true }, { correct: false }] };

test('single', () => {
	assert.strictEqual(rt.grade(single, 1).score, 1);
	assert.strictEqual(rt.grade(single, 0).score, 0);
	assert.strictEqual(rt.grade(single, null).detail, 'not answered');
});
test('multiple: partial credit as tmdojo, right minus wrong floored at 0', () => {
	assert.strictEqual(rt.grade(multiple, [0, 1]).score, 2);
	assert.ok(rt.grade(multiple, [0, 1]).correct);
	assert.strictEqual(rt.grade(multiple, [0]).score, 1);
	assert.strictEqual(rt.grade(multiple, [0, 2]).score, 0);
	assert.strictEqual(rt.grade(multiple, [2]).score, 0);
	assert.ok(!rt.grade(multiple, [0, 1, 2]).correct);
});
test('true-false', () => {
	const q = { type: 'true-false', points: 1, answer: false };
	assert.ok(rt.grade(q, 'f').correct);
	assert.ok(!rt.grade(q, 't').correct);
});
test('short: case and blanks aside, accepted answers only', () => {
	const q = { type: 'short', points: 1, accept: ['An asset', 'assets worth protecting'] };
	assert.ok(rt.grade(q, '  an   ASSET ').correct);
	assert.ok(rt.grade(q, 'Assets worth\tprotecting').correct);
	assert.ok(!rt.grade(q, 'asset').correct);
	assert.ok(!rt.grade(q, 'an asset of value').correct);
});
// The page refused trivial variants that learn accepts (its grader reads
// stems and ignores punctuation): an end full stop, quotes around the answer,
// a plural s, and the short forms of an accepted answer that learn credits
// ("EoP", through its lexicon), which the export lists for the page.
test('short: quotes, end punctuation, a plural s and credited short forms, as learn', () => {
	const q = { type: 'short', points: 1, accept: ['elevation of privilege'], shortForms: ['eop'],
		    distractors: ['spoofing', 'tampering', 'information disclosure'] };
	for (const a of ['elevation of privilege.', '"Elevation of privilege."', "'elevation of privilege'",
			 '(elevation of privilege)', 'Elevation of privilege!', 'elevation of privileges',
			 '\u201cElevation of privilege\u201d', 'EoP', 'eop.', '"EoP"'])
		assert.ok(rt.grade(q, a).correct, a);
	/* learn refuses these: so does the page */
	for (const a of ['E', 'e.', 'privilege', 'elevation', 'S', 'elevation of privilege or spoofing'])
		assert.ok(!rt.grade(q, a).correct, a);
	/* a page without the list (an older export, or no lexicon): no short form */
	assert.ok(!rt.grade({ type: 'short', points: 1, accept: ['elevation of privilege'] }, 'EoP').correct);
	/* words ending in ss keep their s; an accepted answer's own s is read alike */
	assert.ok(!rt.grade({ type: 'short', points: 1, accept: ['access'] }, 'acces').correct);
	assert.ok(rt.grade({ type: 'short', points: 1, accept: ['assets'] }, 'asset.').correct);
	/* a rejected answer, written loosely, is still refused with its feedback */
	const r = rt.grade({ type: 'short', points: 1, accept: ['card testing'], reject: ['card skimming'] },
			   '"Card skimming."');
	assert.ok(!r.correct);
	assert.strictEqual(r.refused, 0);
});
test('short: a rejected answer is wrong and named, case and blanks aside', () => {
	const q = { type: 'short', points: 1, accept: ['card testing'],
		    reject: ['card cracking', 'card skimming'] };
	let r = rt.grade(q, ' Card  SKIMMING');
	assert.ok(!r.correct);
	assert.strictEqual(r.refused, 1);
	assert.strictEqual(r.detail, "like the refused answer 'card skimming'");
	r = rt.grade(q, 'card testing');
	assert.ok(r.correct);
	assert.strictEqual(r.refused, -1);
	assert.strictEqual(rt.grade(q, 'phishing').refused, -1);
	/* a page without rejected answers (one exported before them) */
	assert.strictEqual(rt.grade({ type: 'short', points: 1, accept: ['a b'] }, 'c').refused, -1);
});
test('short: a list of options with a distractor is wrong and told to name one', () => {
	const q = { type: 'short', points: 1, accept: ['elevation of privilege', 'EoP'],
		    distractors: ['spoofing', 'tampering', 'denial of service'] };
	let r = rt.grade(q, 'Spoofing, tampering, denial of service and elevation of privilege');
	assert.ok(!r.correct);
	assert.strictEqual(r.detail, "it names 'spoofing' as well: give one answer, the one that fits");
	r = rt.grade(q, 'EoP or tampering');
	assert.ok(!r.correct);
	assert.strictEqual(r.detail, "it names 'tampering' as well: give one answer, the one that fits");
	/* the right answer alone is right; a distractor alone, or with words that
	 * are no option, is only wrong */
	assert.ok(rt.grade(q, 'elevation of privilege').correct);
	assert.strictEqual(rt.grade(q, 'tampering').detail, '');
	assert.strictEqual(rt.grade(q, 'EoP after tampering').detail, '');
	/* a page without distractors (one exported before them) */
	assert.strictEqual(rt.grade({ type: 'short', points: 1, accept: ['a'] }, 'a, b').detail, '');
	/* a list of letters, the options' short forms, is a list too; a letter
	 * that is an accepted answer is right alone and the answer's in a list */
	r = rt.grade(q, 'EoP, S, T, D');
	assert.ok(!r.correct);
	assert.strictEqual(r.detail, "it names 'spoofing' as well: give one answer, the one that fits");
	assert.strictEqual(rt.grade(q, 'S/T/R/I/D/EoP').detail, '');   /* R, I: no option here */
	assert.strictEqual(rt.grade(q, 'EoP/DoS').detail,
			   "it names 'denial of service' as well: give one answer, the one that fits");
	const letter = { type: 'short', points: 1, accept: ['E', 'elevation of privilege'],
			 distractors: ['spoofing', 'exposure'] };
	assert.ok(rt.grade(letter, 'e').correct);
	assert.strictEqual(rt.grade(letter, 'elevation of privilege, E').detail, '');
	assert.strictEqual(rt.grade(letter, 'E, S').detail,
			   "it names 'spoofing' as well: give one answer, the one that fits");
});
// A pattern of a Moodle wildcard answer (what import moodle-xml writes for
// "confidential*") is exported as the wildcard and graded by the page as a
// glob, as tmdojo's ^\s*confidential.*\s*$ matches: the whole answer, case and
// blanks aside; a question with only such patterns is scored.
test('short: wildcard patterns graded as globs, as their patterns match', () => {
	const cases = [['confidential*', 'Confidentiality', true], ['confidential*', ' CONFIDENTIAL ', true],
		       ['confidential*', 'not confidential', false], ['*repudiat*', 'Non-repudiation', true],
		       ['*repudiat*', 'repudia', false], ['a (1.5) \\* star*', 'a (1.5) * stars', true],
		       ['a (1.5) \\* star*', 'a (1.5) x stars', false], ['a*a', 'a', false],
		       ['ab*ba', 'aba', false], ['a*b*c', 'a-b-c', true], ['x * y', 'xy', false]];
	for (const [glob, ans, want] of cases)
		assert.strictEqual(rt.wildcardMatch(glob, ans), want, glob + ' ' + ans);
	const q = { type: 'short', points: 1, accept: [], wildcards: ['*repudiat*'],
		    reject: ['repudiation of nothing'] };
	assert.ok(rt.isScored(q));
	assert.ok(rt.grade(q, 'Repudiation').correct);
	assert.ok(!rt.grade(q, 'spoofing').correct);
	const r = rt.grade(q, 'Repudiation of  nothing');
	assert.ok(!r.correct);
	assert.strictEqual(r.refused, 0);
	assert.ok(!rt.isScored({ type: 'short', accept: [], wildcards: [] }));
});
test('numeric: tolerance and the ways people write numbers', () => {
	const q = { type: 'numeric', points: 1, number: 10000, tolerance: 0 };
	assert.ok(rt.grade(q, '10,000').correct);
	assert.ok(rt.grade(q, '10 000').correct);
	assert.ok(rt.grade(q, '10000 requests').correct);
	assert.ok(!rt.grade(q, '10001').correct);
	assert.strictEqual(rt.readNumber('9,5'), 9.5);
	assert.strictEqual(rt.readNumber('9 0'), null);
	assert.ok(rt.grade(q, '1,2,3').detail.includes('more than one way'));
	assert.ok(Number.isNaN(rt.readNumber('many')));
	const e = { type: 'numeric', points: 1, number: 1e6, tolerance: 0 };
	assert.ok(rt.grade(e, '1e6').correct);
	assert.ok(!rt.grade(q, '1e6').correct);
	assert.ok(rt.grade(q, '1E4 requests').correct);
	const t = { type: 'numeric', points: 1, number: 6, tolerance: 0.5 };
	assert.ok(rt.grade(t, '6.5').correct);
	assert.ok(!rt.grade(t, '6.6').correct);
});
test('numeric: exponents as tmdojo reads them (strtod), hexadecimal not', () => {
	assert.strictEqual(rt.readNumber('1e6'), 1e6);
	assert.strictEqual(rt.readNumber('2.5E-3'), 0.0025);
	assert.strictEqual(rt.readNumber('-1.5e+2 ms'), -150);
	assert.strictEqual(rt.readNumber('10,000e2'), 1e6);
	assert.strictEqual(rt.readNumber('9,5e1'), 95);
	assert.strictEqual(rt.readNumber('.5e1'), 5);
	assert.strictEqual(rt.readNumber('2e'), 2);      /* no digits: not an exponent */
	assert.strictEqual(rt.readNumber('2e+ units'), 2);
	assert.strictEqual(rt.readNumber('3 e2'), 3);
	assert.ok(Number.isNaN(rt.readNumber('1e999')));   /* not finite: "answer with a number" */
	assert.ok(Number.isNaN(rt.readNumber('e5')));
	/* hexadecimal is refused as tmdojo's learn refuses it (it was read as 0) */
	assert.ok(Number.isNaN(rt.readNumber('0x10')));
	assert.ok(Number.isNaN(rt.readNumber('-0X1p4')));
	assert.ok(Number.isNaN(rt.readNumber('0x.8')));
	assert.strictEqual(rt.readNumber('0 x-ray units'), 0);   /* a unit, not hexadecimal */
});
test('numeric: units around the number, as learn reads them (engine/quiz.c)', () => {
	const cost = { type: 'numeric', points: 1, number: 500, tolerance: 0, unit: 'dollars' };
	const share = { type: 'numeric', points: 1, number: 87, tolerance: 3, unit: '%' };
	for (const a of ['500', '$500', '$ 500', 'USD 500', 'usd 500', 'US$500', '500$',
			 '500 dollars', '500 USD', 'about $500', '~500', '500, through branch A'])
		assert.ok(rt.grade(cost, a).correct, a);
	assert.ok(!rt.grade(cost, '$800').correct);
	assert.ok(!rt.grade(cost, 'USD 2,000').correct);
	for (const a of ['87', '87%', '87 %', 'about 87 percent', '87 per cent',
			 'approximately 85%', '~87%', 'roughly 89 pct'])
		assert.ok(rt.grade(share, a).correct, a);
	assert.ok(!rt.grade(share, 'about 60 percent').correct);
	for (const a of ['500 euros', '\u20ac500', 'EUR 500', '500%', '\u00a3500', '500 pounds']) {
		const r = rt.grade(cost, a);
		assert.ok(!r.correct, a);
		assert.strictEqual(r.detail, 'answer with a number in dollars', a);
	}
	assert.strictEqual(rt.grade(share, '$87').detail, 'answer with a number in %');
	assert.strictEqual(rt.grade(share, '87 dollars').detail, 'answer with a number in %');
	const count = { type: 'numeric', points: 1, number: 6, tolerance: 0, unit: 'categories' };
	assert.strictEqual(rt.grade(count, '$6').detail, 'answer with a number in categories');
	assert.ok(rt.grade(count, '6 categories').correct);
	/* a code run into the number, a sign before the currency: as learn reads them */
	for (const a of ['USD500', 'usd500', 'US$500', '+$500', '+USD500', 'about USD500'])
		assert.ok(rt.grade(cost, a).correct, a);
	for (const a of ['-$500', '$-500', '-USD 500', '-USD500', 'USD -500', 'about -$500']) {
		const r = rt.grade(cost, a);
		assert.ok(!r.correct && r.detail === '', a);   /* read, as -500 */
	}
	const debt = { type: 'numeric', points: 1, number: -5, tolerance: 0, unit: 'dollars' };
	for (const a of ['-$5', '$-5', '-USD5', '-5 dollars'])
		assert.ok(rt.grade(debt, a).correct, a);
	assert.strictEqual(rt.grade(cost, 'EUR500').detail, 'answer with a number in dollars');
	assert.strictEqual(rt.grade(cost, '-\u20ac500').detail, 'answer with a number in dollars');
	assert.strictEqual(rt.grade(cost, '-$-500').detail, 'answer with a number');
	assert.strictEqual(rt.grade(cost, 'usdollars500').detail, 'answer with a number');
	assert.strictEqual(rt.grade(count, '-$6').detail, 'answer with a number in categories');
	assert.strictEqual(rt.grade(count, 'USD6').detail, 'answer with a number in categories');
	const any = { type: 'numeric', points: 1, number: 5, tolerance: 0, unit: 'currency units' };
	assert.ok(rt.grade(any, '\u20ac5').correct);
	assert.strictEqual(rt.grade(any, '5%').detail, 'answer with a number in currency units');
});
test('numeric: units of time, as learn reads them (engine/quiz.c, time_words)', () => {
	const find = { type: 'numeric', points: 1, number: 30, tolerance: 5, unit: 'minutes' };
	for (const a of ['30', '30 minutes', '30 min', '30min', '30 Mins', 'about 30 minutes',
			 '25 minutes, maybe less', '30 minute', '30 so'])
		assert.ok(rt.grade(find, a).correct, a);
	assert.ok(!rt.grade(find, '60 minutes').correct);
	assert.strictEqual(rt.grade(find, '60 minutes').detail, '');
	for (const a of ['30 seconds', '30 s', '30 sec', '30 ms', '30 hours', '30h', '30 days',
			 '30 Seconds.', '30 $', '30%', '30 dollars']) {
		const r = rt.grade(find, a);
		assert.ok(!r.correct, a);
		assert.strictEqual(r.detail, 'answer with a number in minutes', a);
	}
	const cost = { type: 'numeric', points: 1, number: 500, tolerance: 0, unit: 'dollars' };
	assert.strictEqual(rt.grade(cost, '500 minutes').detail, 'answer with a number in dollars');
	const count = { type: 'numeric', points: 1, number: 6, tolerance: 0, unit: 'categories' };
	assert.ok(rt.grade(count, '6 minutes').correct);
	const secs = { type: 'numeric', points: 1, number: 300, tolerance: 0, unit: 'seconds' };
	assert.ok(rt.grade(secs, '300 s').correct);
	assert.strictEqual(rt.grade(secs, '300 minutes').detail, 'answer with a number in seconds');
	assert.strictEqual(rt.grade(secs, '300 ms').detail, 'answer with a number in seconds');
});
// The table of answers learn is tested on too (tests/test_quiz.c
// test_numeric_shared_table): the page grades each as learn does. A full stop
// after the digits is the number's: "500. euros" was credited for dollars.
test('numeric: the shared table of answers, graded as learn grades them', () => {
	const fs = require('fs');
	const table = fs.readFileSync(path.join(process.env.TMDOJO_SRC || '.',
						'tests/fixtures/numeric/answers.tsv'), 'utf8');
	let cases = 0;
	for (const line of table.split('\n')) {
		if (line === '' || line[0] === '#')
			continue;
		const [id, number, tolerance, unit, ans, verdict] = line.split('\t');
		const q = { type: 'numeric', points: 1, number: parseFloat(number),
			    tolerance: parseFloat(tolerance), unit: unit };
		const r = rt.grade(q, ans);
		const got = r.correct ? 'right' : r.detail !== '' ? 'refused' : 'wrong';
		assert.strictEqual(got, verdict, id + ': ' + JSON.stringify(ans) + ' ' + r.detail);
		cases++;
	}
	assert.ok(cases > 20, cases + ' cases');
});
test('numeric: what learn refuses, the page refuses (never marked correct)', () => {
	const zero = { type: 'numeric', points: 1, number: 0, tolerance: 0 };
	const why = { '0x10': 'answer with a number', '0X0': 'answer with a number',
		      'inf': 'answer with a number', 'nan': 'answer with a number',
		      'Infinity': 'answer with a number', '1e999': 'answer with a number',
		      '  ': 'answer with a number', '': 'not answered',
		      '1,2,3': 'more than one way', '9 0': 'more than one way' };
	for (const [ans, detail] of Object.entries(why)) {
		const r = rt.grade(zero, ans);
		assert.ok(!r.correct, JSON.stringify(ans) + ' was marked correct');
		assert.strictEqual(r.score, 0, JSON.stringify(ans));
		assert.ok(r.detail.includes(detail), JSON.stringify(ans) + ': ' + r.detail);
	}
	assert.ok(rt.grade(zero, '0').correct);
	assert.ok(rt.grade(zero, '0 ms').correct);
});
test('ordering: partial credit by position; every position once', () => {
	const q = { type: 'ordering', points: 1, positions: [2, 0, 1, 3] };
	assert.ok(rt.grade(q, [2, 0, 1, 3]).correct);
	assert.strictEqual(rt.grade(q, [2, 1, 0, 3]).score, 0.5);
	assert.strictEqual(rt.grade(q, [2, 2, 1, 3]).score, 0);
	assert.ok(rt.grade(q, [2, null, 1, 3]).detail.includes('different position'));
});
test('matching: partial credit per pair', () => {
	const q = { type: 'matching', points: 3, rights: [0, 1, 0] };
	assert.ok(rt.grade(q, [0, 1, 0]).correct);
	assert.strictEqual(rt.grade(q, [0, 0, 0]).score, 2);
	assert.ok(rt.grade(q, [0, null, 0]).detail.includes('every item'));
});
test('threat lists are not scored', () => {
	const r = rt.grade({ type: 'threat-list', points: 1 }, 'spoofing the admin');
	assert.strictEqual(r.scored, false);
	assert.strictEqual(rt.percent([r]), null);
	assert.strictEqual(rt.percent([r, rt.grade(single, 1), rt.grade(multiple, [0])]), 66.67);
});
test('short answers with only patterns are not scored', () => {
	const r = rt.grade({ type: 'short', points: 1, accept: [] }, 'attack surface');
	assert.strictEqual(r.scored, false);
	assert.strictEqual(r.max, 0);
	assert.strictEqual(rt.percent([r, rt.grade(single, 1)]), 100);
});
test('isScored: what grade() scores, and nothing else', () => {
	assert.ok(rt.isScored(single));
	assert.ok(rt.isScored({ type: 'short', accept: ['x'] }));
	assert.ok(!rt.isScored({ type: 'short', accept: [] }));
	assert.ok(!rt.isScored({ type: 'threat-list' }));
	assert.ok(!rt.isScored({ type: 'essay' }));
	for (const q of [single, multiple, { type: 'short', points: 1, accept: [] },
			 { type: 'threat-list', points: 1 }, { type: 'essay', points: 1 }])
		assert.strictEqual(rt.grade(q, null).scored, rt.isScored(q), q.type);
});
// A module whose only questions are short answers with patterns only: nothing
// on it can be scored, so the LMS is told 'completed' at once, as for lessons
// (it stayed 'incomplete' for ever: boot counted every type but threat lists).
test('boot: a module of pattern-only short answers is completed at once', () => {
	const dom = require('./minidom.js');
	const page = '<html><body data-pass="80"><p id="tm-lms"></p>' +
		'<form class="tm-quiz"><fieldset class="tm-q" data-type="short" data-qid="a" ' +
		'data-points="1"><input class="tm-text"><p class="tm-result"></p></fieldset>' +
		'<fieldset class="tm-q" data-type="short" data-qid="b" data-points="2">' +
		'<input class="tm-text"><p class="tm-result"></p></fieldset>' +
		'<p class="tm-score"></p></form></body></html>';
	const doc = dom.parse(page);
	const api = fakeAPI();
	const w = { API: api, addEventListener() {} };
	w.parent = w;
	const s = rt.boot(w, doc);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'completed');
	doc.querySelector('.tm-text').value = 'anything';
	doc.querySelector('form.tm-quiz').dispatch('submit');
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'completed');
	assert.strictEqual(api.values['cmi.core.score.raw'], undefined);
	assert.strictEqual(doc.querySelector('.tm-score').textContent, 'Checked.');
	s.finish();
	assert.strictEqual(api.values['cmi.core.exit'], '');
	noRefusals(api);
});
// finish() ran on beforeunload too, which fires when the learner stays on the
// page (the LMS's "Leave this page?" answered Stay): every later check then
// called LMSSetValue and LMSCommit after LMSFinish, which the LMS refuses, while
// the page said "Status: passed". Now: no call after LMSFinish, ever; a page
// shown again from the cache (pageshow, persisted) initializes again when the
// LMS allows it, else says that its progress is no longer recorded.
const onePage = '<html><body data-pass="80"><p id="tm-lms"></p>' +
	'<form class="tm-quiz"><fieldset class="tm-q" data-type="single" data-qid="a" ' +
	'data-points="1"><label><input class="tm-choice" type="radio" value="0"></label>' +
	'<label><input class="tm-choice" type="radio" value="1" data-correct="1"></label>' +
	'<p class="tm-result"></p></fieldset><p class="tm-score"></p></form></body></html>';
function pageWindow(api) {
	const w = { API: api, listeners: {},
		    addEventListener(t, fn) { (this.listeners[t] = this.listeners[t] || []).push(fn); },
		    fire(t, ev) { (this.listeners[t] || []).forEach((fn) => fn(ev || {})); } };
	w.parent = w;
	return w;
}
function checkRight(doc) {
	doc.querySelectorAll('input.tm-choice').forEach((c) => { c.checked = c.value === '1'; });
	doc.querySelector('form.tm-quiz').dispatch('submit');
}
test('boot: nothing reaches the LMS after LMSFinish; beforeunload does not finish', () => {
	const dom = require('./minidom.js');
	const doc = dom.parse(onePage);
	const api = fakeAPI({}, { reinit: false });
	const w = pageWindow(api);
	rt.boot(w, doc);
	w.fire('beforeunload');   /* the learner answered Stay */
	checkRight(doc);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'passed');
	assert.strictEqual(api.values['cmi.core.score.raw'], '100');
	assert.ok(!api.calls.some((c) => c[0] === 'LMSFinish'), 'finished on beforeunload');
	w.fire('pagehide', { persisted: true });
	w.fire('unload');
	const names = api.calls.map((c) => c[0]);
	assert.strictEqual(names.filter((n) => n === 'LMSFinish').length, 1);
	noRefusals(api);
	/* back from the cache; this LMS refuses a second LMSInitialize */
	w.fire('pageshow', { persisted: true });
	assert.match(doc.getElementById('tm-lms').textContent, /no longer recorded/);
	const finished = api.calls.length;
	doc.querySelectorAll('input.tm-choice').forEach((c) => { c.checked = c.value === '0'; });
	doc.querySelector('form.tm-quiz').dispatch('submit');
	w.fire('pagehide', { persisted: true });
	assert.deepStrictEqual(api.calls.slice(finished).filter((c) => c[0] !== 'LMSInitialize'), [],
			       'calls after LMSFinish');
	assert.deepStrictEqual(api.refused.map((c) => c[0] + ' ' + c[c.length - 1]),
			       ['LMSInitialize 101']);
});
test('boot: a page back from the cache records again where the LMS initializes again', () => {
	const dom = require('./minidom.js');
	const doc = dom.parse(onePage);
	const api = fakeAPI();
	const w = pageWindow(api);
	rt.boot(w, doc);
	w.fire('pageshow', { persisted: false });   /* the first showing: nothing to do */
	w.fire('pagehide', { persisted: true });
	w.fire('pageshow', { persisted: true });
	assert.match(doc.getElementById('tm-lms').textContent, /records your progress/);
	checkRight(doc);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'passed');
	w.fire('pagehide', { persisted: false });
	assert.strictEqual(api.calls.filter((c) => c[0] === 'LMSInitialize').length, 2);
	assert.strictEqual(api.calls.filter((c) => c[0] === 'LMSFinish').length, 2);
	assert.strictEqual(api.values['cmi.core.exit'], '');
	noRefusals(api);
});
// Answers given but not checked were not saved: leaving the page (the LMS's
// next module, a closed window) kept only what the last check had read, so a
// threat list typed for twenty minutes and not yet checked was gone on return.
test('boot: answers not yet checked are saved on leaving and put back', () => {
	const dom = require('./minidom.js');
	const page = '<html><body data-pass="80"><p id="tm-lms"></p>' +
		'<form class="tm-quiz"><fieldset class="tm-q" data-type="single" data-qid="a" ' +
		'data-points="1"><label><input class="tm-choice" type="radio" value="0"></label>' +
		'<label><input class="tm-choice" type="radio" value="1" data-correct="1"></label>' +
		'<p class="tm-result"></p></fieldset><fieldset class="tm-q" data-type="threat-list" ' +
		'data-qid="t" data-points="3"><textarea class="tm-text"></textarea>' +
		'<p class="tm-result"></p></fieldset><p class="tm-score"></p></form></body></html>';
	const api = fakeAPI();
	const doc = dom.parse(page);
	const w = pageWindow(api);
	rt.boot(w, doc);
	doc.querySelectorAll('input.tm-choice')[1].checked = true;
	doc.querySelector('.tm-text').value = 'spoofing the admin\nno rate limit on login';
	w.fire('pagehide', { persisted: false });
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'incomplete');
	assert.strictEqual(api.values['cmi.core.score.raw'], undefined);   /* nothing graded */
	const again = dom.parse(page);
	rt.boot(pageWindow(api), again);
	assert.ok(again.querySelectorAll('input.tm-choice')[1].checked);
	assert.strictEqual(again.querySelector('.tm-text').value,
			   'spoofing the admin\nno rate limit on login');
	assert.strictEqual(again.querySelector('.tm-result').textContent, '');   /* not checked */
	noRefusals(api);
});
test('findAPI: parent chain, then opener', () => {
	const api = fakeAPI();
	const top = { API: api };
	top.parent = top;
	const mid = { parent: top };
	const frame = { parent: mid };
	assert.strictEqual(rt.findAPI(frame), api);
	const lone = {};
	lone.parent = lone;
	assert.strictEqual(rt.findAPI(lone), null);
	const popup = { opener: frame };
	popup.parent = popup;
	assert.strictEqual(rt.findAPI(popup), api);
	const hostile = {};
	Object.defineProperty(hostile, 'parent', { get() { throw new Error('cross-origin'); } });
	assert.strictEqual(rt.findAPI(hostile), null);
});
// An LMS that opens a new window holding a frameset, the SCO in one of its
// frames: the frame has no opener, only the new window (its top) has one. The
// page searched the frame's opener alone, found no API and recorded nothing.
test('findAPI: the opener of the top window, for a SCO in a frame of a popup', () => {
	const api = fakeAPI();
	const lms = { API: api };
	lms.parent = lms;
	const popup = { opener: lms };
	popup.parent = popup;
	popup.top = popup;
	const frame = { parent: popup, top: popup, opener: null };
	assert.strictEqual(rt.findAPI(frame), api);
	const lone = { opener: null };
	lone.parent = lone;
	lone.top = lone;
	assert.strictEqual(rt.findAPI(lone), null);
	const walled = { parent: popup, opener: null };
	Object.defineProperty(walled, 'top', { get() { throw new Error('cross-origin'); } });
	assert.strictEqual(rt.findAPI(walled), null);
});
test('session: incomplete on start, passed, suspend data, commit and finish', () => {
	const api = fakeAPI({ 'cmi.core.lesson_status': 'not attempted' });
	let clock = 1000;
	const s = new rt.Session(api, { pass: 80, scored: true, now: () => clock });
	assert.ok(s.start());
	assert.strictEqual(api.calls[0][0], 'LMSInitialize');
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'incomplete');
	s.state.a = [1, [0, 1]];
	s.record(50, false);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'incomplete');
	assert.strictEqual(api.values['cmi.core.score.raw'], '50');
	s.record(90, true);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'passed');
	assert.strictEqual(api.values['cmi.core.score.raw'], '90');
	assert.strictEqual(api.values['cmi.core.score.min'], '0');
	assert.strictEqual(api.values['cmi.core.score.max'], '100');
	s.record(40, true);   /* a worse try keeps the best */
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'passed');
	assert.strictEqual(api.values['cmi.core.score.raw'], '90');
	assert.deepStrictEqual(rt.decodeState(api.values['cmi.suspend_data']).a, [1, [0, 1]]);
	clock += 3723000;
	s.finish();
	s.finish();
	const names = api.calls.map((c) => c[0]);
	assert.strictEqual(names.filter((n) => n === 'LMSFinish').length, 1);
	assert.strictEqual(names[names.length - 1], 'LMSFinish');
	assert.strictEqual(names[names.length - 2], 'LMSCommit');
	assert.strictEqual(api.values['cmi.core.session_time'], '01:02:03');
	assert.strictEqual(api.values['cmi.core.exit'], '');
	noRefusals(api);
});
test('session: failed below the pass mark, resumable', () => {
	const api = fakeAPI();
	const s = new rt.Session(api, { pass: 80, scored: true });
	s.start();
	s.record(79.5, true);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'failed');
	s.finish();
	assert.strictEqual(api.values['cmi.core.exit'], 'suspend');
	const again = new rt.Session(api, { pass: 80, scored: true });
	again.start();
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'failed');
	assert.strictEqual(again.state.b, 79.5);
	noRefusals(api);
});
// The page judged passed or failed by the export's --pass alone; an LMS whose
// administrator set another mastery score (it sends it as
// cmi.student_data.mastery_score) then heard 'failed' from a learner it would
// pass, and the page said "pass mark 80%".
test('session: the mastery score the LMS holds is the pass mark', () => {
	const api = fakeAPI({ 'cmi.student_data.mastery_score': '70' });
	const s = new rt.Session(api, { pass: 80, scored: true });
	s.start();
	assert.strictEqual(s.pass, 70);
	s.record(75, true);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'passed');
	noRefusals(api);
	for (const none of ['', 'abc', '101', '-5']) {
		const other = new rt.Session(fakeAPI({ 'cmi.student_data.mastery_score': none }),
					     { pass: 80, scored: true });
		other.start();
		assert.strictEqual(other.pass, 80, JSON.stringify(none));
	}
	const offline = new rt.Session(null, { pass: 80, scored: true });
	offline.start();
	assert.strictEqual(offline.pass, 80);
});
test('session: a visit with nothing new writes and commits nothing', () => {
	const api = fakeAPI();
	const s = new rt.Session(api, { pass: 80, scored: true });
	s.start();
	s.state.a = [1, 't'];
	s.state.k = '1';
	s.record(90, true);
	s.finish();
	const again = new rt.Session(api, { pass: 80, scored: true });
	const before = api.calls.length;
	again.start();
	again.record(90, true);
	again.record(40, true);   /* a worse try changes nothing the LMS holds */
	const calls = api.calls.slice(before).map((c) => c[0]);
	assert.strictEqual(calls.filter((n) => n === 'LMSSetValue').length, 0, calls.join(' '));
	assert.strictEqual(calls.filter((n) => n === 'LMSCommit').length, 0, calls.join(' '));
	again.record(95, true);   /* a better one is written, once, and committed */
	const sets = api.calls.slice(before).filter((c) => c[0] === 'LMSSetValue');
	assert.deepStrictEqual(sets.map((c) => c[1]),
			       ['cmi.core.score.raw', 'cmi.suspend_data'], JSON.stringify(sets));
	assert.strictEqual(api.calls[api.calls.length - 1][0], 'LMSCommit');
	noRefusals(api);
	/* a value the LMS refused is written again next time */
	const refusing = fakeAPI();
	refusing.LMSSetValue = (k, v) => { refusing.calls.push(['LMSSetValue', k, v]); return 'false'; };
	const r = new rt.Session(refusing, { pass: 80, scored: true });
	r.start();
	r.record(50, false);
	r.record(50, false);
	assert.strictEqual(refusing.calls.filter((c) =>
		c[0] === 'LMSSetValue' && c[1] === 'cmi.core.score.raw').length, 2);
});
test('session: a page without scored questions is completed', () => {
	const api = fakeAPI();
	const s = new rt.Session(api, { pass: 80, scored: false });
	s.start();
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'completed');
	s.record(null, true);
	assert.strictEqual(api.values['cmi.core.lesson_status'], 'completed');
	assert.strictEqual(api.values['cmi.core.score.raw'], undefined);
	noRefusals(api);
});
test('session without an LMS: nothing is called, the page still grades', () => {
	const s = new rt.Session(null, { pass: 80, scored: true });
	assert.strictEqual(s.start(), false);
	assert.strictEqual(s.record(100, true), 'passed');
	s.finish();
	const refuses = fakeAPI();
	refuses.LMSInitialize = () => 'false';
	const t = new rt.Session(refuses, { pass: 80, scored: true });
	assert.strictEqual(t.start(), false);
	t.record(100, true);
	assert.strictEqual(refuses.calls.length, 0);
});
test('suspend data stays within 4096 characters', () => {
	const long = 'spoofing the admin "console" \\ with a forged token\n'.repeat(300);
	const state = { a: [1, [0, 2], 't', 'asset', '10,000', [1, 0], [0, 1], long, long], k: '11', b: 50 };
	const s = rt.encodeState(state);
	assert.ok(s.length <= rt.SUSPEND_MAX, 'length ' + s.length);
	const back = rt.decodeState(s);
	assert.deepStrictEqual(back.a.slice(0, 7), state.a.slice(0, 7));
	assert.strictEqual(back.k, '11');
	assert.strictEqual(back.b, 50);
	const small = rt.encodeState({ a: [1, 'x'], k: '1', b: 100 });
	assert.deepStrictEqual(rt.decodeState(small).a, [1, 'x']);
	const many = { a: new Array(2000).fill(3), k: '1', b: 10 };
	assert.ok(rt.encodeState(many).length <= rt.SUSPEND_MAX);
	assert.deepStrictEqual(rt.decodeState('not json'), { a: [], k: '', b: null });
	const api = fakeAPI();
	const session = new rt.Session(api, { pass: 80, scored: true });
	session.start();
	session.state = state;
	session.record(50, false);
	assert.ok(api.values['cmi.suspend_data'].length <= 4096);
	noRefusals(api);
});

test('choicesOf: choices by the author\'s index, whatever the page order', () => {
	const c = rt.choicesOf([{ value: '2', correct: false }, { value: '0', correct: true },
				{ value: '1', correct: true }]);
	assert.deepStrictEqual(c, [{ correct: true }, { correct: true }, { correct: false }]);
	assert.strictEqual(rt.grade({ type: 'multiple', points: 1, choices: c }, [0, 1]).score, 1);
});

// The pages `tmdojo export scorm` wrote (TMDOJO_SCORM_PAGES: a directory of
// them, from tests/e2e/export_scorm_js.sh), read by the runtime through a
// minimal DOM (tests/js/minidom.js): answering every question as its page's
// data says is right must be graded right, on shuffled quizzes too.
const pages = process.env.TMDOJO_SCORM_PAGES;
if (pages) {
	const fs = require('fs');
	const dom = require('./minidom.js');
	const files = fs.readdirSync(pages).filter((f) => f.endsWith('.html')).sort();
	const win = (api) => {
		const w = { API: api, listeners: {}, addEventListener(t, fn) { this.listeners[t] = fn; } };
		w.parent = w;
		return w;
	};
	/* answers q's fieldset as its data says is right; right: false picks wrong */
	const answer = (fs, right) => {
		const type = fs.getAttribute('data-type');
		if (type === 'single' || type === 'multiple') {
			const inputs = fs.querySelectorAll('input.tm-choice');
			inputs.forEach((c) => {
				c.checked = (c.getAttribute('data-correct') === '1') === right;
			});
			if (type === 'single' && !right)   /* one wrong choice only */
				inputs.filter((c) => c.checked).slice(1).forEach((c) => { c.checked = false; });
		} else if (type === 'true-false') {
			const want = (fs.getAttribute('data-answer') === 'true') === right ? 't' : 'f';
			fs.querySelectorAll('input.tm-tf').forEach((c) => { c.checked = c.value === want; });
		} else if (type === 'short') {
			const li = fs.querySelector('.tm-accept li');
			fs.querySelector('.tm-text').value = right && li ?
				' ' + li.textContent.toUpperCase() : 'no idea';
		} else if (type === 'numeric') {
			const n = parseFloat(fs.getAttribute('data-number'));
			fs.querySelector('.tm-text').value = String(right ? n : n + 1000);
		} else if (type === 'ordering') {
			const sels = fs.querySelectorAll('select.tm-pos');
			sels.forEach((s, i) => {
				s.value = String(right ? s.getAttribute('data-pos') : (i + 1) % sels.length);
			});
			if (!right && sels.every((s) => s.value === s.getAttribute('data-pos')))
				throw new Error('the wrong order is right');
		} else if (type === 'matching') {
			fs.querySelectorAll('select.tm-match').forEach((s) => {
				const r = s.getAttribute('data-right');
				const other = s.querySelectorAll('option').map((o) => o.value)
					.find((v) => v !== '' && v !== r);
				s.value = right ? r : other;
			});
		} else if (type === 'threat-list') {
			fs.querySelector('.tm-text').value = 'spoofing the admin';
		}
	};
	/* [id, type, verdict shown, whether an answer can be right at all] */
	const results = (doc) => doc.querySelectorAll('fieldset.tm-q').map((fs) =>
		[fs.getAttribute('data-qid'), fs.getAttribute('data-type'),
		 fs.querySelector('.tm-result').textContent,
		 fs.getAttribute('data-type') !== 'short' || !!fs.querySelector('.tm-accept li')]);
	test('exported pages: every question answered right is graded right', () => {
		assert.ok(files.length > 0, 'no pages in ' + pages);
		let shuffled = 0;
		for (const f of files) {
			const doc = dom.parse(fs.readFileSync(path.join(pages, f), 'utf8'));
			doc.querySelectorAll('fieldset.tm-q').forEach((q) => {
				const values = q.querySelectorAll('input.tm-choice').map((c) => c.value);
				shuffled += values.some((v, i) => v !== String(i)) ? 1 : 0;
			});
			const api = fakeAPI();
			const first = win(api);
			rt.boot(first, doc);
			doc.querySelectorAll('fieldset.tm-q').forEach((q) => answer(q, true));
			doc.querySelectorAll('form.tm-quiz').forEach((form) => {
				assert.ok(form.dispatch('submit').defaultPrevented);
			});
			for (const [id, type, text, can] of results(doc))
				assert.strictEqual(text, type === 'threat-list' ?
					'Not scored: compare your list with the reference threats below.' :
					can ? 'Correct.' :
					'Not scored: compare your answer with the explanation below.',
					f + ': ' + id);
			if (results(doc).some((r) => r[1] !== 'threat-list' && r[3])) {
				assert.strictEqual(api.values['cmi.core.score.raw'], '100', f);
				assert.strictEqual(api.values['cmi.core.lesson_status'], 'passed', f);
			}
			/* a second visit puts the saved answers back and grades them again,
			 * writing nothing to the LMS: nothing changed */
			const again = dom.parse(fs.readFileSync(path.join(pages, f), 'utf8'));
			first.listeners.pagehide({ persisted: false });   /* leaving: LMSFinish */
			const before = api.calls.length;
			rt.boot(win(api), again);
			assert.deepStrictEqual(results(again), results(doc), f + ': after a resume');
			const writes = api.calls.slice(before).filter((c) =>
				c[0] === 'LMSSetValue' || c[0] === 'LMSCommit');
			assert.deepStrictEqual(writes, [], f + ': writes on a visit with nothing new');
			noRefusals(api);
		}
		assert.ok(shuffled > 0, 'no quiz shows its choices shuffled: the test proves nothing');
	});
	test('exported pages: a rejected answer shows its own feedback, not the incorrect one', () => {
		const f = files.find((n) => n.startsWith('exp-'));
		assert.ok(f, 'no page of the export fixture');
		let seen = 0;
		for (const n of files.filter((x) => x.startsWith('exp-'))) {
			const doc = dom.parse(fs.readFileSync(path.join(pages, n), 'utf8'));
			const q = doc.querySelectorAll('fieldset.tm-q')
				.find((fs) => fs.getAttribute('data-qid') === 'short');
			if (!q)
				continue;
			seen++;
			rt.boot(win(null), doc);
			const own = q.querySelectorAll('.tm-fb-reject');
			const incorrect = q.querySelector('.tm-fb-incorrect');
			assert.strictEqual(own.length, 1);   /* 'availability' has none of its own */
			q.querySelector('.tm-text').value = ' INTEGRITY* ';
			doc.querySelectorAll('form.tm-quiz').forEach((form) => form.dispatch('submit'));
			assert.strictEqual(q.querySelector('.tm-result').textContent,
					   "Not quite (like the refused answer 'integrity*').");
			assert.ok(!own[0].hidden);
			assert.ok(/tampering/.test(own[0].textContent));
			assert.ok(incorrect.hidden);
			q.querySelector('.tm-text').value = 'availability';
			doc.querySelectorAll('form.tm-quiz').forEach((form) => form.dispatch('submit'));
			assert.ok(own[0].hidden);
			assert.ok(!incorrect.hidden);
		}
		assert.strictEqual(seen, 1);
	});
	test('exported pages: a hexadecimal or unreadable number is refused, as learn refuses it', () => {
		let seen = 0;
		for (const f of files) {
			for (const bad of ['0x10', 'inf', '1,2,3']) {
				const doc = dom.parse(fs.readFileSync(path.join(pages, f), 'utf8'));
				rt.boot(win(null), doc);
				const qs = doc.querySelectorAll('fieldset.tm-q')
					.filter((q) => q.getAttribute('data-type') === 'numeric');
				qs.forEach((q) => { q.querySelector('.tm-text').value = bad; });
				doc.querySelectorAll('form.tm-quiz').forEach((form) => form.dispatch('submit'));
				for (const q of qs) {
					seen++;
					assert.match(q.querySelector('.tm-result').textContent,
						     /^Not quite \((answer with a number|give one number)/,
						     f + ': ' + bad);
				}
			}
		}
		assert.ok(seen > 0, 'no numeric question in the pages: the test proves nothing');
	});
	test('exported pages: every question answered wrong is graded wrong', () => {
		for (const f of files) {
			const doc = dom.parse(fs.readFileSync(path.join(pages, f), 'utf8'));
			rt.boot(win(null), doc);
			doc.querySelectorAll('fieldset.tm-q').forEach((q) => answer(q, false));
			doc.querySelectorAll('form.tm-quiz').forEach((form) => form.dispatch('submit'));
			for (const [id, type, text, can] of results(doc))
				if (type !== 'threat-list' && can)
					assert.ok(/^(Not quite|Partly right)/.test(text), f + ': ' + id + ': ' + text);
		}
	});
}

console.log('scorm runtime: ' + passed + ' passed, ' + failed + ' failed');
process.exit(failed === 0 ? 0 : 1);
