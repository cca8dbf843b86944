"""Assumptions and experiments: part of the Discovery pillar.

In the UI this is Discovery's testing half (its pages are reached from Discovery, highlighted
under it in the navigation, and link back to it). It is a Django app of its own only so that
its statistics, models and migrations change independently of discovery's evidence and tree;
it reads discovery's solutions and outcomes through their public models and queries.
"""
