-- Names people search for -> mineral (and stage where the name means one). One row per alias.
select
    alias,
    mineral_id,
    stage,
    note
from {{ ref('mineral_aliases') }}
