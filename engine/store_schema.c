/*
 * store_schema.c: the progress store's schema, as the list of migrations that
 * build it up; store.c applies the ones a file lacks when it opens the file.
 */
#include "store_internal.h"
#include "tmengine.h"

/*
 * migrations[i] takes the schema from version i to version i + 1; the file's
 * PRAGMA user_version says how many have been applied. Each one runs in its own
 * transaction together with the user_version update.
 *
 * To change the schema, APPEND a new string at the end (never edit or reorder
 * the ones already released: files in the field have applied them). The trainer
 * tools add migration 2 (gradebook tables: cohorts, groups, submissions, grades)
 * here when they need it; tm_store_schema_latest() follows automatically.
 */
/* An item column of a file from before migration 8 as migration 8 keeps it: a
 * position n becomes '#n' (see tm_module_stored_item()). */
#define LEGACY_ITEM TM_STORE_ITEM_SQL("item")

static const char *const migrations[] = {
	/* 1: learners, where each one is, what is done, every answer, shuffle seeds */
	"CREATE TABLE learners ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created INTEGER NOT NULL);"
	"CREATE TABLE positions ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course));"
	"CREATE TABLE items ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  passed INTEGER NOT NULL,"
	"  completed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item));"
	"CREATE TABLE answers ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"CREATE INDEX answers_by_learner ON answers (learner, course, module, item);"
	"CREATE TABLE seeds ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  seed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));",
	/* 2: trainer tools: the gradebook (graded submissions, the threats each one
	 * found, its top three), cohort membership, team sessions and settings */
	"CREATE TABLE gb_submissions ("
	"  id INTEGER PRIMARY KEY,"
	"  cohort TEXT NOT NULL,"
	"  exercise TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  points REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  submitted INTEGER NOT NULL,"
	"  graded INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  lines INTEGER NOT NULL,"
	"  UNIQUE (cohort, exercise, name));"
	"CREATE TABLE gb_found ("
	"  submission INTEGER NOT NULL REFERENCES gb_submissions(id) ON DELETE CASCADE,"
	"  threat TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  similarity REAL NOT NULL,"
	"  PRIMARY KEY (submission, threat));"
	"CREATE TABLE gb_top ("
	"  submission INTEGER NOT NULL REFERENCES gb_submissions(id) ON DELETE CASCADE,"
	"  rank INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  threat TEXT,"
	"  PRIMARY KEY (submission, rank));"
	"CREATE TABLE cohort_members ("
	"  cohort TEXT NOT NULL,"
	"  learner TEXT NOT NULL,"
	"  added INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort, learner));"
	"CREATE TABLE team_sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  team TEXT NOT NULL,"
	"  exercise TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  recorded INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  found_critical INTEGER NOT NULL, total_critical INTEGER NOT NULL,"
	"  found_high INTEGER NOT NULL, total_high INTEGER NOT NULL,"
	"  found_medium INTEGER NOT NULL, total_medium INTEGER NOT NULL,"
	"  found_low INTEGER NOT NULL, total_low INTEGER NOT NULL);"
	"CREATE INDEX team_sessions_by_team ON team_sessions (team, id);"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);",
	/* 3: drafts: the lines typed at a multi-line step before the learner
	 * stopped, shown again on resume (one per step, deleted once answered) */
	"CREATE TABLE drafts ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));",
	/* 4: one live learn session per learner: who holds it (see Sessions) */
	"CREATE TABLE sessions ("
	"  learner INTEGER PRIMARY KEY REFERENCES learners(id),"
	"  pid INTEGER NOT NULL,"
	"  host TEXT NOT NULL,"
	"  started INTEGER NOT NULL);",
	/* 5: the version of the answer key each submission was graded against
	 * (tm_key_hash()); '' for grades stored before this migration */
	"ALTER TABLE gb_submissions ADD COLUMN key_hash TEXT NOT NULL DEFAULT '';",
	/* 6: when a session was last active (an answer or a move), so that one left
	 * behind on another host expires (see Sessions); 0 for rows from before:
	 * their start time counts */
	"ALTER TABLE sessions ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;",
	/* 7: answers given in `tmdojo refresh` (engine/refresh.c), kept apart from
	 * answers so that a refresher never changes course progress, module scores
	 * or the first attempts that cohort item analysis reads */
	"CREATE TABLE refresher_answers ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"CREATE INDEX refresher_answers_by_learner ON refresher_answers (learner, course);",
	/* 8: items are kept under their keys (tm_item_key()), not their positions,
	 * so that an author may insert or move items under learners' feet; the rows
	 * stored before keep their position as '#<position>' until
	 * tm_store_adopt_items() gives them the key of the item at that position */
	"CREATE TABLE positions8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  updated INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course));"
	"INSERT INTO positions8 SELECT learner, course, module, " LEGACY_ITEM ", step, attempt,"
	"  score, max, updated FROM positions;"
	"DROP TABLE positions;"
	"ALTER TABLE positions8 RENAME TO positions;"
	"CREATE TABLE items8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  passed INTEGER NOT NULL,"
	"  completed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item));"
	"INSERT INTO items8 SELECT learner, course, module, " LEGACY_ITEM ", score, max, passed,"
	"  completed FROM items;"
	"DROP TABLE items;"
	"ALTER TABLE items8 RENAME TO items;"
	"CREATE TABLE answers8 ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  attempt INTEGER NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"INSERT INTO answers8 SELECT id, learner, course, module, " LEGACY_ITEM ", question,"
	"  attempt, answer, score, max, correct, time FROM answers;"
	"DROP TABLE answers;"
	"ALTER TABLE answers8 RENAME TO answers;"
	"CREATE INDEX answers_by_learner ON answers (learner, course, module, item);"
	/* a question's answers wherever kept (question ids are unique in a course) */
	"CREATE INDEX answers_by_question ON answers (learner, course, question);"
	"CREATE TABLE seeds8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  seed INTEGER NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));"
	"INSERT INTO seeds8 SELECT learner, course, module, " LEGACY_ITEM ", question, seed"
	"  FROM seeds;"
	"DROP TABLE seeds;"
	"ALTER TABLE seeds8 RENAME TO seeds;"
	"CREATE TABLE drafts8 ("
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY (learner, course, module, item, question));"
	"INSERT INTO drafts8 SELECT learner, course, module, " LEGACY_ITEM ", question, text"
	"  FROM drafts;"
	"DROP TABLE drafts;"
	"ALTER TABLE drafts8 RENAME TO drafts;"
	"CREATE TABLE refresher_answers8 ("
	"  id INTEGER PRIMARY KEY,"
	"  learner INTEGER NOT NULL REFERENCES learners(id),"
	"  course TEXT NOT NULL,"
	"  module TEXT NOT NULL,"
	"  item TEXT NOT NULL,"
	"  question TEXT NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  correct INTEGER NOT NULL,"
	"  time INTEGER NOT NULL);"
	"INSERT INTO refresher_answers8 SELECT id, learner, course, module, " LEGACY_ITEM ","
	"  question, answer, score, max, correct, time FROM refresher_answers;"
	"DROP TABLE refresher_answers;"
	"ALTER TABLE refresher_answers8 RENAME TO refresher_answers;"
	"CREATE INDEX refresher_answers_by_learner ON refresher_answers (learner, course);",
	/* 9: whether a position was written going through finished items again (a
	 * retake, see tm_runner_new()), so that a stopped retake resumes where it
	 * stopped while a position left behind by a first pass does not; 0 for
	 * rows from before: such a retake starts over, as it did */
	"ALTER TABLE positions ADD COLUMN again INTEGER NOT NULL DEFAULT 0;",
	/* 10: a team session's graded threat lines, hashed (the parsed lines in
	 * order, without list markers, blank lines and headings), so that the same
	 * list saved with other line ends or an added heading is the same session;
	 * '' for rows from before: their byte hash (hash) is compared instead */
	"ALTER TABLE team_sessions ADD COLUMN lines_hash TEXT NOT NULL DEFAULT '';",
	/* 11: the day a team session was held (YYYY-MM-DD, given with team record
	 * --date), which orders a team's sessions, so that a session recorded
	 * late takes its place in the history; rows from before take the local
	 * day they were recorded */
	"ALTER TABLE team_sessions ADD COLUMN held TEXT NOT NULL DEFAULT '';"
	"UPDATE team_sessions SET held = date(recorded, 'unixepoch', 'localtime');"
	"CREATE INDEX team_sessions_by_held ON team_sessions (team, held, id);",
	/* 12: the version of the question an answer was given to
	 * (tm_question_version(): its choices' texts in the author's order), so
	 * that item analysis counts choices only from answers to the question as
	 * it is now (a stored letter names a choice of the version shown); ''
	 * for rows from before and for questions without choices */
	"ALTER TABLE answers ADD COLUMN question_version TEXT NOT NULL DEFAULT '';",
	/* 13: a top-three pick that matches no threat keeps its closest threat and
	 * similarity (as grade lists unmatched lines), and a submission how many
	 * picks it gave under its top-three label (only three are read); NULL and
	 * 0 (unknown) for rows from before */
	"ALTER TABLE gb_top ADD COLUMN closest TEXT;"
	"ALTER TABLE gb_top ADD COLUMN similarity REAL;"
	"ALTER TABLE gb_submissions ADD COLUMN top_given INTEGER NOT NULL DEFAULT 0;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int tm_store_schema_latest(void)
{
	return N_MIGRATIONS;
}

const char *store_migration(int v)
{
	return migrations[v];
}
