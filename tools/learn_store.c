/*
 * learn_store.c: the learner and the progress store as the learner's commands
 * (learn, progress, refresh, the home screen) find and open them: the learner's
 * name, whether it may be used, and the store opened for viewing, changing or
 * learning (commands.h).
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "commands.h"

const char *learn_learner_name(const char *given)
{
	if (given != NULL && given[0] != '\0')
		return given;
	const char *env = getenv("TMDOJO_LEARNER");
	if (env != NULL && env[0] != '\0')
		return env;
	const struct passwd *pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		return pw->pw_name;
	const char *user = getenv("USER");
	return user != NULL && user[0] != '\0' ? user : "learner";
}

/* Whether the progress store already holds a learner called name (false when
 * it cannot be read: the command that goes on says why). */
static bool learner_stored(const char *name)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	char *path = NULL;
	long long id = -1;
	bool found = false;
	tm_diags_init(&d);
	if (tm_store_default_path(&path, &d) == TM_OK &&
	    tools_open_store_to_read(path, &s, &d) == TM_OK &&
	    tm_store_find_learner(s, name, &id, &d) == TM_OK)
		found = true;
	tm_store_close(s);
	free(path);
	tm_diags_release(&d);
	return found;
}

/* The name rule applies when a learner is created: one stored before the rule
 * (by an older tmdojo) can still be used, resumed, shown and reset. A new name
 * with a combining accent is taken with a warning. */
bool learn_learner_ok(const char *cmd, const char *name)
{
	struct tm_diags d;
	bool ok;

	tm_diags_init(&d);
	ok = tm_learner_name_check(name, &d) == TM_OK;
	if (!ok && learner_stored(name))
		ok = true;
	else if (!ok)
		fprintf(stderr, "%s: %s\n", cmd, d.items[0].text);
	else if (tools_combining_mark(name) != 0 && !learner_stored(name))
		tools_warn_decomposed_learner(cmd, name);
	tm_diags_release(&d);
	return ok;
}

int learn_store_open(const char *learner, enum learn_store_use use, struct tm_store **out,
		     long long *id, struct tm_diags *d)
{
	bool write = use != LEARN_STORE_VIEW;
	char *path = NULL;
	struct tm_store *s = NULL;
	*out = NULL;
	*id = -1;
	int rc = tm_store_default_path(&path, d);
	if (rc == TM_OK && !write) {
		/* Views read only, so a file that cannot be written is still shown */
		rc = tools_open_store_to_read(path, &s, d);
	} else if (rc == TM_OK) {
		rc = tm_store_open(path, TM_STORE_BUSY_MS, &s, d);
	}
	if (rc == TM_OK && use == LEARN_STORE_LEARN) {
		rc = tm_store_learner(s, learner, id, d);
	} else if (rc == TM_OK) {
		struct tm_diags ignore;   /* an unknown learner is not an error here */
		tm_diags_init(&ignore);
		rc = tm_store_find_learner(s, learner, id, &ignore);
		if (rc == TM_ENOTFOUND) {
			*id = -1;
			rc = TM_OK;
		}
		if (rc != TM_OK)
			tools_copy_diags(d, &ignore);
		tm_diags_release(&ignore);
	}
	free(path);
	if (rc != TM_OK) {
		tm_store_close(s);
		return rc;
	}
	*out = s;
	return TM_OK;
}

struct tm_store *learn_open_store(const char *learner, enum learn_store_use use,
				  long long *id)
{
	struct tm_diags d;
	struct tm_store *s = NULL;
	tm_diags_init(&d);
	if (learn_store_open(learner, use, &s, id, &d) != TM_OK)
		tools_print_diags(&d);
	tm_diags_release(&d);
	return s;
}
