/*
 * assign.c: optimal one-to-one assignment (Hungarian method, Kuhn-Munkres with
 * potentials, O(rows^2 * cols)).
 */
#include <float.h>
#include <stdlib.h>

#include "grader_internal.h"

/*
 * Minimises the total cost -w over a full assignment of rows to distinct
 * columns; pairs with w <= 0 cost 0, which is the same as leaving the row
 * unassigned, so the result maximises the total allowed weight.
 */
int grader_assign(const double *w, size_t rows, size_t cols, int *row_to_col)
{
	size_t n = rows, m = cols;
	double *u = NULL, *v = NULL, *minv = NULL;
	size_t *p = NULL, *way = NULL;
	char *used = NULL;
	int rc = GRADER_ENOMEM;

	if (rows == 0) {
		return GRADER_OK;
	}
	if (rows > cols)
		return GRADER_EINVALID;
	u = calloc(n + 1, sizeof(double));
	v = calloc(m + 1, sizeof(double));
	minv = malloc((m + 1) * sizeof(double));
	p = calloc(m + 1, sizeof(size_t));
	way = calloc(m + 1, sizeof(size_t));
	used = malloc(m + 1);
	if (u == NULL || v == NULL || minv == NULL || p == NULL || way == NULL || used == NULL)
		goto cleanup;
	for (size_t i = 1; i <= n; i++) {
		size_t j0 = 0;

		p[0] = i;
		for (size_t j = 0; j <= m; j++) {
			minv[j] = DBL_MAX;
			used[j] = 0;
		}
		do {
			size_t i0 = p[j0], j1 = 0;
			double delta = DBL_MAX;

			used[j0] = 1;
			for (size_t j = 1; j <= m; j++) {
				double wij, cur;

				if (used[j])
					continue;
				wij = w[(i0 - 1) * m + (j - 1)];
				cur = (wij > 0 ? -wij : 0.0) - u[i0] - v[j];
				if (cur < minv[j]) {
					minv[j] = cur;
					way[j] = j0;
				}
				if (minv[j] < delta) {
					delta = minv[j];
					j1 = j;
				}
			}
			for (size_t j = 0; j <= m; j++) {
				if (used[j]) {
					u[p[j]] += delta;
					v[j] -= delta;
				} else {
					minv[j] -= delta;
				}
			}
			j0 = j1;
		} while (p[j0] != 0);
		do {
			size_t j1 = way[j0];

			p[j0] = p[j1];
			j0 = j1;
		} while (j0 != 0);
	}
	for (size_t i = 0; i < n; i++)
		row_to_col[i] = -1;
	for (size_t j = 1; j <= m; j++)
		if (p[j] != 0 && w[(p[j] - 1) * m + (j - 1)] > 0)
			row_to_col[p[j] - 1] = (int)(j - 1);
	rc = GRADER_OK;
cleanup:
	free(u);
	free(v);
	free(minv);
	free(p);
	free(way);
	free(used);
	return rc;
}
