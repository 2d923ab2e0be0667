{{ config(store_failures=true, schema='audit') }}
-- Every control of the ledger is scoped in seeds/exposure/export_control_scope.csv (linked
-- to minerals or marked not_goods / out_of_scope / suspension_event), and the scope seed
-- names no control that is not in the ledger.
with

controls as (
    select * from {{ ref('stg_reference__export_controls') }}
),

scoped as (
    select distinct control_id from {{ ref('export_control_scope') }}
)

select
    coalesce(controls.control_id, scoped.control_id) as control_id,
    case
        when scoped.control_id is null then 'ledger control without a scope row'
        else 'scope row for a control not in the ledger'
    end as problem
from controls
full outer join scoped
    on controls.control_id = scoped.control_id
where controls.control_id is null or scoped.control_id is null
