"""Generates pyglove-vectors.json: DNA facts computed by PyGlove itself, which
test/pyglove-interchange.test.ts checks tsglove against.

Run with PyGlove importable (it needs only docstring_parser and termcolor):
    python3 packages/symbolic/test/pyglove/generate_vectors.py > packages/symbolic/test/pyglove/pyglove-vectors.json

Spaces are written in a small description language that the test builds on the
tsglove side too, so both libraries see the same space:
    {"oneOf": [c, ...], "name": n}        one of the candidates
    {"manyOf": k, "cands": [...], "distinct": b, "sorted": b, "name": n}
    {"float": [min, max], "name": n}
    {"dict": {"key": desc, ...}}          a dict of descriptions (a sub-space)
    any other JSON value                  a literal
"""
import json
import random
import sys

import pyglove as pg


def build(d):
  if isinstance(d, dict):
    if 'oneOf' in d:
      return pg.oneof([build(c) for c in d['oneOf']], name=d.get('name'))
    if 'manyOf' in d:
      return pg.manyof(d['manyOf'], [build(c) for c in d['cands']],
                       distinct=d.get('distinct', True), sorted=d.get('sorted', False), name=d.get('name'))
    if 'float' in d:
      return pg.floatv(d['float'][0], d['float'][1], name=d.get('name'))
    if 'dict' in d:
      return pg.Dict({k: build(v) for k, v in d['dict'].items()})
  return d


SPACES = {
    'flat': {'dict': {'a': {'oneOf': [1, 2, 3]}, 'b': {'oneOf': ['x', 'y']}, 'lr': {'float': [0.1, 1.0]}}},
    'manyof-nested': {'dict': {
        'x': {'manyOf': 2, 'cands': [{'dict': {'a': 1, 'b': {'oneOf': [1, 2, 3]}}}, 2, 3]},
        'y': {'float': [0.1, 1.0]},
        'z': {'oneOf': ['a', 'b']}}},
    'named': {'dict': {
        'x': {'manyOf': 2, 'cands': [{'dict': {'a': 1, 'b': {'oneOf': [1, 2, 3], 'name': 'bb'}}}, 2, 3], 'name': 'ops'},
        'z': {'oneOf': ['a', {'dict': {'q': {'oneOf': [5, 6]}}}], 'name': 'zz'},
        'c': {'float': [0.0, 1.0], 'name': 'lr'}}},
    'repeats': {'dict': {
        'x': {'manyOf': 3, 'cands': [{'dict': {'k': {'oneOf': [3, 5]}}}, 'id'], 'distinct': False},
        'w': {'oneOf': [16, 32]}}},
    'sorted-deep': {'dict': {
        'ops': {'manyOf': 2, 'cands': ['conv', 'pool', {'dict': {'se': {'float': [0.0, 0.5]},
                                                                  'act': {'oneOf': ['relu', {'dict': {'slope': {'oneOf': [0.1, 0.2]}}}]}}}],
                'sorted': True},
        'depth': {'oneOf': [{'dict': {'n': {'oneOf': [1, 2]}}}, 4]}}},
    'single': {'dict': {'only': {'oneOf': [{'dict': {'k': {'oneOf': [1, 2]}}}, 0]}}},
    'single-float': {'dict': {'lr': {'float': [0.0, 1.0]}}},
}


def dna_facts(dna, spec):
  return {
      'numbers': dna.to_numbers(),
      'json': pg.to_json(dna),
      'dict_id': dna.to_dict(key_type='id', value_type='value'),
      'dict_name': dna.to_dict(key_type='name_or_id', value_type='value'),
  }


def space_facts(desc, rng):
  space = build(desc)
  spec = pg.dna_spec(space)
  facts = {
      'space': desc,
      'size': spec.space_size if spec.space_size > 0 else 'inf',  # PyGlove says -1 for infinite
      'ids': [str(dp.id) for dp in spec.decision_points],
      'names': [dp.name for dp in spec.decision_points],
      'dna': [],
  }
  seen = set()
  for i in range(12):
    dna = pg.random_dna(spec, random.Random(rng.randint(0, 10**9)))
    key = json.dumps(dna.to_numbers())
    if key in seen:
      continue
    seen.add(key)
    if i == 0:
      dna.set_metadata('reward', 0.75)
      dna.set_metadata('generation', 3)
    facts['dna'].append(dna_facts(dna, spec))
  if 0 < spec.space_size <= 64:
    grid, dna = [], spec.first_dna()
    while dna is not None:
      grid.append(dna.to_numbers())
      dna = spec.next_dna(dna)
    facts['grid'] = grid
  return facts


def dynamic_facts():
  def program():
    a = pg.oneof([lambda: pg.oneof([1, 2]) + pg.oneof([7, 8]), lambda: 3])
    b = pg.oneof([4, 5])
    c = pg.manyof(2, [lambda: pg.oneof([10, 20]), 30, 40])
    named = pg.oneof([lambda: pg.floatv(0.0, 1.0), lambda: pg.oneof([1, 2], name='inner')], name='named')
    d = pg.oneof([6, 7])
    return [a, b, c, named, d]

  ctx = pg.hyper.DynamicEvaluationContext()
  with ctx.collect():
    program()
  runs = []
  for numbers in ([0, 1, 0, 1, 0, 1, 2, 0, 0.5, 1], [1, 0, 1, 2, 1, 1, 0], [0, 0, 1, 0, 2, 1, 0, 0.25, 0]):
    try:
      with ctx.apply(pg.DNA.from_numbers(numbers, ctx.dna_spec)):
        runs.append({'numbers': numbers, 'result': program()})
    except Exception as e:  # pylint: disable=broad-except
      runs.append({'numbers': numbers, 'error': str(e)})
  return {'ids': [str(dp.id) for dp in ctx.dna_spec.decision_points],
          'names': [dp.name for dp in ctx.dna_spec.decision_points],
          'runs': runs}


def literal_dna_facts():
  # DNA written by hand (string custom values included): their numbers and JSON.
  out = []
  for value in ([0, (1, 0), 'abc'], [(0, 1), 'x', 0.5], (2, [0, 1]), 3, [[(0, 1), 1], 0.5, 1]):
    dna = pg.DNA(value)
    out.append({'value': pg.to_json(value), 'numbers': dna.to_numbers(), 'json': pg.to_json(dna)})
  return out


def main():
  rng = random.Random(2024)
  vectors = {
      'generator': 'packages/symbolic/test/pyglove/generate_vectors.py',
      'pyglove': pg.__version__,
      'spaces': {name: space_facts(desc, rng) for name, desc in SPACES.items()},
      'dynamic': dynamic_facts(),
      'literal_dna': literal_dna_facts(),
  }
  json.dump(vectors, sys.stdout, indent=1)  # key order kept: a space's field order is its decision order
  sys.stdout.write('\n')


if __name__ == '__main__':
  main()
