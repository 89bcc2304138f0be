// A lodash-heavy data pipeline over employee records: filter, group, aggregate, sort, join, deep clone.
import _ from 'lodash'
import { readInput, runWorkload } from './harness.js'

interface Project {
  name: string
  hours: number
  done: boolean
}
interface Employee {
  id: number
  name: string
  department: string
  level: number
  salary: number
  joined: string
  skills: string[]
  projects: Project[]
  active: boolean
}

const records = JSON.parse(readInput('records.json')) as Employee[]

function summarize(people: Employee[]) {
  const active = _.filter(people, 'active')
  const byDepartment = _.mapValues(_.groupBy(active, 'department'), (group) => ({
    count: group.length,
    meanSalary: _.round(_.meanBy(group, 'salary'), 2),
    topEarners: _.map(_.take(_.orderBy(group, ['salary', 'id'], ['desc', 'asc']), 3), 'id'),
    levels: _.countBy(group, 'level'),
    skills: _.take(_.orderBy(_.toPairs(_.countBy(_.flatMap(group, 'skills'))), [1, 0], ['desc', 'asc']), 5),
    hours: _.sumBy(_.flatMap(group, 'projects'), 'hours'),
  }))
  const byYear = _.chain(active)
    .map((person) => ({ ...person, year: Number(person.joined.slice(0, 4)) }))
    .groupBy('year')
    .map((group, year) => ({ year: Number(year), people: group.length, unfinished: _.sumBy(group, (p) => _.reject(p.projects, 'done').length) }))
    .sortBy('year')
    .value()
  const [seniors, juniors] = _.partition(active, (person) => person.level >= 5)
  const uniqueNames = _.uniqBy(people, 'name').length
  const index = _.keyBy(_.cloneDeep(_.take(people, 2000)), 'id')
  const merged = _.merge({}, _.pick(index, _.range(0, 2000, 7)), _.mapValues(_.pick(index, _.range(0, 2000, 11)), (p) => ({ flagged: true, level: p.level + 1 })))
  return { byDepartment, byYear, seniors: seniors.length, juniors: juniors.length, uniqueNames, merged: _.size(merged), debounced: _.isFunction(_.debounce(_.noop, 10)) }
}

runWorkload(() => JSON.stringify(summarize(records)))
